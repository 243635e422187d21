import { deliverOnce } from '../followups/deliverOnce';
import type { DeliveryLedger, ShiftCalendar, ShiftWindow } from '../followups/ports';
import type { PlaybookSource } from '../slips/ports';
import type { SlipStore } from '../slips/store';
import type { HandoffView } from '../views/handoff';
import type { Messenger } from '../views/outbound';
import type { HandoffQueue, ShiftStore } from './ports';
import { nextBoundary, parseShiftArgs, type ShiftSchedule, shiftAt, shiftEndingAt } from './schedule';
import { buildHandoffSummary } from './summary';

export interface HandoffServiceOptions {
  shifts: ShiftStore;
  slips: SlipStore;
  playbooks: PlaybookSource;
  /** Needed to post (the worker); the web role only previews and schedules. */
  messenger?: Messenger;
  ledger?: DeliveryLedger;
  queue?: HandoffQueue;
  clock?: () => number;
  /** Told when a handoff is posted again on a platform that cannot say whether the first attempt arrived. */
  onUnverified?: (key: string) => void;
}

export type DeliveryOutcome = 'posted' | 'already posted' | 'quiet' | 'stale';

/** The most slips a summary reads for a shift; a bigger shift is still summarised, from the newest. */
const MAX_SLIPS = 5000;

/**
 * Shift handoffs: schedules per channel, the summary for a shift, and posting it exactly once at each boundary.
 * Each posted handoff queues the next one; a sweep re-queues any channel whose next handoff went missing.
 */
export class HandoffService implements ShiftCalendar {
  private readonly clock: () => number;

  constructor(private readonly options: HandoffServiceOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Sets a channel's shift changes from `/recover shifts …` words (validated), and queues the next handoff. */
  async setSchedule(input: {
    tenant: string;
    channel: string;
    args: string;
    by: string;
    appId?: string;
  }): Promise<ShiftSchedule> {
    const { playbook } = await this.options.playbooks.current(input.tenant);
    const parsed = parseShiftArgs(input.args, playbook.venue.timezone);
    const previous = await this.options.shifts.get(input.tenant, input.channel);
    const schedule: ShiftSchedule = {
      tenant: input.tenant,
      channel: input.channel,
      ...parsed,
      setBy: input.by,
      setAt: this.clock(),
      appId: input.appId ?? previous?.appId,
    };
    await this.options.shifts.set(schedule);
    await this.ensureNext(schedule);
    return schedule;
  }

  getSchedule(tenant: string, channel: string): Promise<ShiftSchedule | undefined> {
    return this.options.shifts.get(tenant, channel);
  }

  getSchedules(tenant: string): Promise<ShiftSchedule[]> {
    return this.options.shifts.list(tenant);
  }

  removeSchedule(tenant: string, channel: string): Promise<boolean> {
    return this.options.shifts.remove(tenant, channel);
  }

  /** The current shift so far (an on-demand preview). Without a schedule, the last 8 hours. */
  async preview(tenant: string, channel: string): Promise<HandoffView> {
    const now = this.clock();
    const schedule =
      (await this.options.shifts.get(tenant, channel)) ?? adHoc(tenant, channel, await this.zone(tenant));
    const shift =
      schedule.boundaries.length > 0
        ? shiftAt(schedule, now)
        : { start: now - 8 * 3_600_000, end: now, name: 'Last 8 hours' };
    return this.summary(schedule, { ...shift, end: Math.min(shift.end, now + 1) }, true);
  }

  /** Posts the handoff for the shift ending at `boundary`, once however often it is asked; then queues the next. */
  async deliver(tenant: string, channel: string, boundary: number): Promise<DeliveryOutcome> {
    const schedule = await this.options.shifts.get(tenant, channel);
    // the schedule changed or was removed since this handoff was queued
    if (!schedule || nextBoundary(schedule, boundary - 1) !== boundary) return 'stale';
    const view = await this.summary(schedule, shiftEndingAt(schedule, boundary), false);
    let outcome: DeliveryOutcome = 'quiet';
    if (!(view.quiet && view.quietStyle === 'silent')) {
      const { messenger, ledger, onUnverified } = this.options;
      if (!messenger || !ledger) throw new Error('HandoffService.deliver needs a messenger and a ledger');
      const key = `ho|${tenant}|${channel}|${boundary}`;
      const sent = await deliverOnce({ ledger, messenger, onUnverified }, tenant, key, { channel }, () =>
        messenger.post(tenant, channel, { kind: 'handoff', handoff: view }, { deliveryKey: key }),
      );
      outcome = sent === 'sent' ? 'posted' : 'already posted';
    }
    await this.ensureNext(schedule, boundary);
    return outcome;
  }

  /** Queues the channel's next handoff (after `after`, default now). Safe to repeat: one job per boundary. */
  async ensureNext(schedule: ShiftSchedule, after: number = this.clock()): Promise<number> {
    const next = nextBoundary(schedule, Math.max(after, this.clock()));
    await this.options.queue?.scheduleHandoff(schedule.tenant, schedule.channel, next);
    return next;
  }

  /** Re-queues every channel's next handoff (run every minute by every worker; idempotent). */
  async sweep(): Promise<number> {
    const all = await this.options.shifts.all();
    await Promise.all(all.map((schedule) => this.ensureNext(schedule)));
    return all.length;
  }

  /** ShiftCalendar: the shift around `at` in the channel's schedule (for off-shift reminders). */
  async shiftAt(tenant: string, channel: string, at: number): Promise<ShiftWindow | undefined> {
    const schedule = await this.options.shifts.get(tenant, channel);
    if (!schedule) return undefined;
    const { start, end } = shiftAt(schedule, at);
    return { start, end, timezone: schedule.timezone };
  }

  private async summary(
    schedule: ShiftSchedule,
    shift: { start: number; end: number; name: string },
    preview: boolean,
  ): Promise<HandoffView> {
    const { slips, playbooks } = this.options;
    const [shiftSlips, open, current] = await Promise.all([
      slips.list(schedule.tenant, {
        channel: schedule.channel,
        since: shift.start,
        until: shift.end,
        limit: MAX_SLIPS,
      }),
      slips.list(schedule.tenant, { channel: schedule.channel, status: 'open', limit: MAX_SLIPS }),
      playbooks.current(schedule.tenant),
    ]);
    const nextEnd = schedule.boundaries.length > 0 ? nextBoundary(schedule, shift.end) : shift.end + 8 * 3_600_000;
    return buildHandoffSummary({
      tenant: schedule.tenant,
      channel: schedule.channel,
      schedule,
      shift,
      nextShift: { start: shift.end, end: nextEnd },
      shiftSlips,
      openSlips: open,
      playbook: current.playbook,
      preview,
    });
  }

  private async zone(tenant: string): Promise<string> {
    return (await this.options.playbooks.current(tenant)).playbook.venue.timezone;
  }
}

function adHoc(tenant: string, channel: string, timezone: string): ShiftSchedule {
  return { tenant, channel, boundaries: [], timezone, quiet: 'line', setBy: '', setAt: 0 };
}
