import { dueAt, parseTiming } from '../followups/timing';
import type { Playbook } from '../playbook/schema';
import type { Slip } from './slip';

/**
 * When the playbook's follow-up for this slip falls, counting from `now` (or the fix, or the report, as its timing
 * says) in the venue's zone; undefined for "none" or a timing that does not parse.
 */
export function followUpDue(slip: Slip, playbook: Playbook, now: number): number | undefined {
  const timing = parseTiming(slip.advice.followUp);
  if (!timing.ok) return undefined;
  return dueAt(timing.timing, {
    now,
    fixedAt: slip.timeline.find((e) => e.kind === 'corrected')?.at,
    reportedAt: slip.createdAt,
    timezone: playbook.venue.timezone,
    checkoutTime: playbook.venue.checkoutTime,
  });
}
