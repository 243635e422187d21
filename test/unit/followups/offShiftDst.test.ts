import { DateTime } from 'luxon';
import { FollowUpDelivery, type FollowUpDeliveryOptions } from '../../../src/followups/delivery';
import type { ShiftWindow } from '../../../src/followups/ports';
import { type ShiftSchedule, shiftAt } from '../../../src/handoff/schedule';
import type { Slip } from '../../../src/slips/slip';
import { aSlip } from '../../helpers/fixtures';

/**
 * An owner last seen in the morning shift (06:00–14:00) the day before a daylight saving change; their reminder
 * falls due in the afternoon of the change day, while they are off. With offShift "wait" it must wait for 06:00 on
 * the next day by the venue's clock, not for 24 h multiples of their last shift's start.
 */
function waitingFor(zone: string, changeDay: string): Promise<number> {
  const local = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
  const seen = local(`${DateTime.fromISO(changeDay).minus({ days: 1 }).toISODate()}T07:00`);
  const now = local(`${changeDay}T15:00`);
  const schedule: ShiftSchedule = {
    tenant: 't',
    channel: 'C1',
    boundaries: ['06:00', '14:00', '22:00'],
    timezone: zone,
    quiet: 'line',
    setBy: 'U',
    setAt: 0,
  };
  const slip: Slip = aSlip({
    tenant: 't',
    createdAt: seen,
    followUp: { purpose: 'check-back', dueAt: now - 60_000, status: 'scheduled', nudges: 0 },
  });
  const options = {
    service: { get: async () => slip, act: async () => slip },
    playbooks: { current: async () => ({ playbook: { venue: { timezone: zone } } }) },
    messenger: {},
    ledger: {},
    policy: { destination: 'dm', nudgeAfterMinutes: 30, escalateAfterMinutes: 60, offShift: 'wait' },
    // as HandoffService answers: the shift, in the schedule's own zone
    calendar: {
      shiftAt: async (_t: string, _c: string, at: number): Promise<ShiftWindow> => ({
        ...shiftAt(schedule, at),
        timezone: schedule.timezone,
      }),
    },
    activity: { touch: async () => undefined, lastSeen: async () => seen },
    clock: () => now,
  } as unknown as FollowUpDeliveryOptions;
  return new FollowUpDelivery(options)
    .process({ tenant: 't', slipId: slip.id, purpose: 'check-back', dueAt: now - 60_000, stage: 'remind' })
    .then((result) => (result.kind === 'later' ? result.at : Number.NaN));
}

describe("a reminder waiting for the owner's next shift, across daylight saving changes", () => {
  it.each([
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Europe/Berlin', '2026-03-29'],
    ['Europe/Berlin', '2026-10-25'],
  ])('%s, change on %s: waits for 06:00 local the next day', async (zone, changeDay) => {
    const at = await waitingFor(zone, changeDay);
    const expected = DateTime.fromISO(changeDay, { zone }).plus({ days: 1 }).set({ hour: 6 });
    expect(DateTime.fromMillis(at, { zone }).toISO()).toBe(expected.toISO());
  });
});
