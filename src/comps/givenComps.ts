import type { SlipChangeRecorder } from '../slips/changeRecorder';
import type { PlaybookSource } from '../slips/ports';
import type { Slip, TimelineEntry } from '../slips/slip';
import type { CompLog } from './compLog';

/**
 * Writes each comp given on a card (a corrected step with a gesture and a cost, within the giver's own limit) to
 * the comp log as it is stored, whichever surface recorded it. A comp given through an approval is logged by
 * CompApprovals with its request and approver, so it is left out here: its corrected step is by the approver who
 * just approved that gesture and amount on the same slip.
 */
export class GivenComps implements SlipChangeRecorder {
  constructor(private readonly deps: { log: CompLog; playbooks: PlaybookSource }) {}

  async changed(before: Slip | undefined, after: Slip): Promise<void> {
    if (!before) return;
    const given = after.timeline
      .slice(before.timeline.length)
      .filter((e) => e.kind === 'corrected' && e.gesture && (e.cost ?? 0) > 0 && !approvedThrough(after, e));
    if (given.length === 0) return;
    const { playbook } = await this.deps.playbooks.current(after.tenant);
    for (const entry of given)
      await this.deps.log.append(after.tenant, {
        at: entry.at,
        kind: 'given',
        slipId: after.id,
        gesture: entry.gesture!,
        cost: entry.cost!,
        currency: playbook.venue.currency,
        by: entry.by,
      });
  }
}

function approvedThrough(slip: Slip, corrected: TimelineEntry): boolean {
  return slip.timeline.some(
    (e) =>
      e.kind === 'comp_approved' &&
      e.by === corrected.by &&
      e.gesture === corrected.gesture &&
      e.cost === corrected.cost,
  );
}
