import type { Coach } from '../coach/coach';
import { AppError } from '../errors';
import type { Playbook, Role } from '../playbook/schema';
import { type EscalationDeps, escalateOnce } from './escalation';
import { applyAction } from './lifecycle';
import { type PlaybookSource, playbookCacheKey } from './ports';
import { forced } from './reportInput';
import type { Slip } from './slip';
import type { VenueTeaching } from './venueTeaching';

/** What moving a slip to another category needs, besides escalating it. */
export interface RecategorizeDeps extends EscalationDeps {
  playbooks: PlaybookSource;
  coach: Coach;
  teaching: VenueTeaching;
  /** The playbook role of a user (the reporter's role shapes the new advice). */
  roleOf(tenant: string, user: string, playbook: Playbook): Promise<Role>;
}

/**
 * "Wrong category?": the slip moves to the category a person names, with that category's advice (and its default
 * severity, unless the message itself reads as the same category); the venue's detector learns from it.
 */
export async function recategorize(
  deps: RecategorizeDeps,
  slip: Slip,
  change: { actor: string; categoryId: string },
): Promise<Slip> {
  const { tenant } = slip;
  const { actor, categoryId } = change;
  const book = await deps.playbooks.current(tenant);
  const playbook = book.playbook;
  const category = playbook.categories.find((c) => c.id === categoryId && !c.retired);
  if (!category) throw new AppError('BAD_INPUT', `There is no category "${categoryId}" in the playbook.`);
  const venue = await deps.teaching.layerFor(tenant);
  const reading = deps.coach.read(slip.text, playbook, playbookCacheKey(tenant, book), venue);
  const detection = forced(reading.detection, playbook, { force: true, categoryId });
  const advice = deps.coach.advise({
    text: slip.text,
    detection: { ...detection, categoryId },
    playbook,
    role: await deps.roleOf(tenant, slip.reporter, playbook),
    earlierForGuest: slip.repeatOf.length,
    guestRef: slip.guestRef,
  });
  const note = `${slip.advice.categoryName} → ${advice.categoryName}`;
  let changed = await deps.slips.update(tenant, slip.id, (s) => {
    const next = applyAction(s, { kind: 'recategorize', categoryId, advice, note }, actor, deps.clock());
    // moved into a category the playbook keeps private: the slip is private from now on (never the other way)
    return category.private ? { ...next, private: true } : next;
  });
  await deps.teaching.teach(changed, 'recategorized', categoryId, actor);
  // the right category may be one a manager must hear about at once (an allergy logged as a wrong order)
  if (advice.escalate && !changed.escalated) {
    const reason = advice.escalationReasons.join('; ') || 'recategorized';
    changed = await escalateOnce(deps, changed, { reason, actor });
  }
  return changed;
}
