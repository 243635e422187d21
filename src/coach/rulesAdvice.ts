import { AppError } from '../errors';
import { type Category, type Gesture, type Playbook, type Role, raiseSeverity, severityRank } from '../playbook/schema';
import type { Advice, GestureAdvice, SuggestInput } from './advice';

/**
 * The deterministic engine: the playbook's own lines for the category, gestures split by the reporter's authority,
 * and escalation for severe, repeat and manager-owned slips. Always available; the LLM engine falls back to it.
 */
export function suggestByRules(input: SuggestInput): Advice {
  const { playbook, role, detection } = input;
  const category = playbook.categories.find((c) => c.id === detection.categoryId);
  if (!category) throw new AppError('NOT_FOUND', `The playbook has no category "${detection.categoryId}"`);
  const managerOwned = category.owner === 'manager';
  const reasons: string[] = [];
  let severity = detection.severity;

  if (input.earlierForGuest > 0) {
    // A repeat slip is no longer a one-off: the recovery paradox does not apply, a manager steps in.
    severity = severityRank(severity) < severityRank('high') ? 'high' : raiseSeverity(severity);
    const who = input.guestRef?.text ?? 'this guest';
    reasons.push(`${ordinal(input.earlierForGuest + 1)} slip for ${who} within ${playbook.repeatWindowHours}h`);
  }
  if (managerOwned) reasons.push(`${category.name} is a manager-owned procedure`);
  if (severityRank(severity) >= severityRank(playbook.escalateAt)) reasons.push(`severity is ${severity}`);

  const split = splitGestures(managerOwned ? [] : category.gestures, role, playbook);
  const notes = input.earlierForGuest > 0 ? ['This guest has had a slip already: get a manager to visit.'] : [];
  return {
    categoryId: category.id,
    categoryName: category.name,
    severity,
    acknowledge: [...category.acknowledge],
    correct: [...category.correct, ...notes],
    connect: [...category.connect],
    gestures: split.allowed,
    needsApproval: split.needsApproval,
    escalate: reasons.length > 0,
    escalationReasons: reasons,
    checklist: reasons.length > 0 || managerOwned ? checklistFor(category) : [],
    followUp: category.followUp,
    managerOwned,
    engine: 'rules',
  };
}

/** Splits gestures into those the role may give and those needing someone senior (named by role). */
export function splitGestures(
  gestures: Gesture[],
  role: Role,
  playbook: Playbook,
): { allowed: GestureAdvice[]; needsApproval: GestureAdvice[] } {
  const allowed: GestureAdvice[] = [];
  const needsApproval: GestureAdvice[] = [];
  for (const gesture of gestures) {
    const advice: GestureAdvice = { label: gesture.label, tier: gesture.tier, cost: gesture.cost };
    if (mayGive(role, gesture)) allowed.push(advice);
    else needsApproval.push({ ...advice, askRole: approverFor(gesture, playbook)?.name ?? 'a manager' });
  }
  return { allowed, needsApproval };
}

export function mayGive(role: Role, gesture: { tier: number; cost: number }): boolean {
  return gesture.tier <= role.tier && gesture.cost <= role.compLimit;
}

/** The most junior role allowed to give the gesture. */
function approverFor(gesture: Gesture, playbook: Playbook): Role | undefined {
  return [...playbook.roles]
    .sort((a, b) => a.tier - b.tier || a.compLimit - b.compLimit)
    .find((role) => mayGive(role, gesture));
}

function checklistFor(category: Category): string[] {
  return category.checklist.length > 0 ? [...category.checklist] : ['Talk to the guest in person', 'Log what happened'];
}

function ordinal(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth'][n - 1] ?? `${n}th`;
}
