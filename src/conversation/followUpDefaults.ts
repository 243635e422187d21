import { dueAt, parseTiming } from '../followups/timing';
import type { Slip } from '../slips/slip';

/** When the playbook gives no follow-up time, the form suggests one this far ahead. */
const FALLBACK_MS = 15 * 60_000;

/**
 * The time a follow-up form suggests, the same on every platform: the scheduled one when there is one, else the
 * playbook's timing for this slip counted from now, else 15 minutes.
 */
export function defaultFollowUpAt(slip: Slip, venue: { timezone: string; checkoutTime: string }, now: number): number {
  if (slip.followUp?.status === 'scheduled') return slip.followUp.dueAt;
  const timing = parseTiming(slip.advice.followUp);
  const due = timing.ok
    ? dueAt(timing.timing, {
        now,
        reportedAt: slip.createdAt,
        timezone: venue.timezone,
        checkoutTime: venue.checkoutTime,
      })
    : undefined;
  return due ?? now + FALLBACK_MS;
}
