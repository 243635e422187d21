import type { Category, Gesture, Playbook, Role } from './schema';

/**
 * A short human diff between two playbook versions, one line per change a manager would care about:
 * "Wrong order: added gesture 'free dessert (tier 1)'", "Server: comp limit 15 → 20".
 */
export function diffPlaybooks(before: Playbook, after: Playbook): string[] {
  const lines: string[] = [];
  const old = new Map(before.categories.map((c) => [c.id, c]));
  for (const category of after.categories) {
    const was = old.get(category.id);
    if (!was) lines.push(`added category '${category.name}'`);
    else lines.push(...categoryChanges(was, category));
  }
  for (const category of before.categories)
    if (!after.categories.some((c) => c.id === category.id)) lines.push(`removed category '${category.name}'`);
  lines.push(...roleChanges(before.roles, after.roles));
  lines.push(...settingChanges(before, after));
  return lines;
}

/** One line for a save: the first changes, and how many more. */
export function summarize(changes: string[], max = 3): string {
  if (changes.length === 0) return 'No changes';
  const shown = changes.slice(0, max).join('; ');
  return changes.length > max ? `${shown}; and ${changes.length - max} more` : shown;
}

function categoryChanges(was: Category, now: Category): string[] {
  const name = now.name;
  const lines: string[] = [];
  if (was.retired !== now.retired) lines.push(`${now.retired ? 'retired' : 'restored'} category '${name}'`);
  if (was.name !== now.name) lines.push(`'${was.name}' renamed to '${now.name}'`);
  if (was.description !== now.description) lines.push(`${name}: changed description`);
  lines.push(...listChanges(name, 'trigger', was.triggers, now.triggers));
  lines.push(...listChanges(name, 'example', was.examples, now.examples));
  for (const step of ['acknowledge', 'correct', 'connect'] as const)
    if (was[step].join('\n') !== now[step].join('\n')) lines.push(`${name}: changed the ${step} lines`);
  lines.push(...listChanges(name, 'gesture', was.gestures.map(gestureText), now.gestures.map(gestureText)));
  if (was.followUp !== now.followUp) lines.push(`${name}: follow-up ${was.followUp} → ${now.followUp}`);
  if (was.severity.default !== now.severity.default)
    lines.push(`${name}: severity ${was.severity.default} → ${now.severity.default}`);
  if (JSON.stringify(was.severity.rules) !== JSON.stringify(now.severity.rules))
    lines.push(`${name}: changed severity rules`);
  if (JSON.stringify(was.targets ?? {}) !== JSON.stringify(now.targets ?? {}))
    lines.push(`${name}: clock targets ${targetText(was.targets)} → ${targetText(now.targets)}`);
  if (Boolean(was.private) !== Boolean(now.private)) lines.push(`${name}: ${now.private ? 'private' : 'not private'}`);
  return lines;
}

/** "ack 2 · correct 6 · manager 10 min", only the targets that are set ("playbook's" when none). */
function targetText(targets: { acknowledge?: number; correct?: number; manager?: number } | undefined): string {
  const set = (['acknowledge', 'correct', 'manager'] as const).filter((k) => targets?.[k] !== undefined);
  return set.length === 0 ? "the playbook's" : `${set.map((k) => `${k} ${targets![k]}`).join(' · ')} min`;
}

function listChanges(name: string, what: string, before: string[], after: string[]): string[] {
  const lines: string[] = [];
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  for (const x of added.slice(0, 3)) lines.push(`${name}: added ${what} '${x}'`);
  if (added.length > 3) lines.push(`${name}: added ${added.length - 3} more ${what}s`);
  for (const x of removed.slice(0, 3)) lines.push(`${name}: removed ${what} '${x}'`);
  if (removed.length > 3) lines.push(`${name}: removed ${removed.length - 3} more ${what}s`);
  return lines;
}

function gestureText(gesture: Gesture): string {
  return `${gesture.label} (tier ${gesture.tier}${gesture.cost ? `, ${gesture.cost}` : ''})`;
}

function roleChanges(before: Role[], after: Role[]): string[] {
  const lines: string[] = [];
  for (const role of after) {
    const was = before.find((r) => r.id === role.id);
    if (!was) {
      lines.push(`added role '${role.name}'`);
      continue;
    }
    if (was.compLimit !== role.compLimit) lines.push(`${role.name}: comp limit ${was.compLimit} → ${role.compLimit}`);
    if (was.tier !== role.tier) lines.push(`${role.name}: tier ${was.tier} → ${role.tier}`);
    if (was.permission !== role.permission)
      lines.push(`${role.name}: permission ${was.permission} → ${role.permission}`);
    if (was.name !== role.name) lines.push(`role '${was.name}' renamed to '${role.name}'`);
  }
  for (const role of before) if (!after.some((r) => r.id === role.id)) lines.push(`removed role '${role.name}'`);
  return lines;
}

/** Where comp approval requests go, as the version history says it. */
const WHERE = { dm: "approvers' DMs", channel: "the slip's channel thread" } as const;

function settingChanges(before: Playbook, after: Playbook): string[] {
  const lines: string[] = [];
  for (const key of ['name', 'type', 'timezone', 'currency', 'checkoutTime'] as const)
    if (before.venue[key] !== after.venue[key]) lines.push(`venue ${key}: ${before.venue[key]} → ${after.venue[key]}`);
  if (before.escalateAt !== after.escalateAt) lines.push(`escalate at ${before.escalateAt} → ${after.escalateAt}`);
  if (before.repeatWindowHours !== after.repeatWindowHours)
    lines.push(`repeat window ${before.repeatWindowHours}h → ${after.repeatWindowHours}h`);
  if (before.defaultRole !== after.defaultRole) lines.push(`default role ${before.defaultRole} → ${after.defaultRole}`);
  if (JSON.stringify(before.targets ?? {}) !== JSON.stringify(after.targets ?? {})) {
    const { bySeverity: wasBy, ...was } = before.targets ?? { bySeverity: {} };
    const { bySeverity: nowBy, ...now } = after.targets ?? { bySeverity: {} };
    if (JSON.stringify(was) !== JSON.stringify(now))
      lines.push(`clock targets ${targetText(was)} → ${targetText(now)}`);
    if (JSON.stringify(wasBy ?? {}) !== JSON.stringify(nowBy ?? {}))
      lines.push('changed the clock targets by severity');
  }
  const [wasWait, nowWait] = [before.approvals?.escalateAfter, after.approvals?.escalateAfter];
  if (wasWait !== nowWait) lines.push(`unanswered comp approvals escalate after ${wasWait} → ${nowWait} min`);
  const [wasIn, nowIn] = [before.approvals?.requestsIn ?? 'dm', after.approvals?.requestsIn ?? 'dm'];
  if (wasIn !== nowIn) lines.push(`comp approval requests go to ${WHERE[wasIn]} → ${WHERE[nowIn]}`);
  if (before.privateSlips !== after.privateSlips)
    lines.push(`private slips in the channel: ${before.privateSlips} → ${after.privateSlips}`);
  return lines;
}
