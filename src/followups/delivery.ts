import { DateTime } from 'luxon';
import { AppError } from '../errors';
import type { PlaybookSource } from '../slips/ports';
import type { SlipService } from '../slips/service';
import { isOpen, type Slip } from '../slips/slip';
import type { Messenger } from '../views/outbound';
import { deliverAboutSlip } from './deliverAboutSlip';
import type { ActivityLog, DeliveryLedger, ShiftCalendar } from './ports';
import { buildReminder, type FollowUpJob, type ReminderView } from './reminder';

export interface FollowUpPolicy {
  /** DM the owner, or post in the slip's thread. */
  destination: 'dm' | 'thread';
  nudgeAfterMinutes: number;
  escalateAfterMinutes: number;
  /** A reminder due while the owner is off shift: hand it to the shift on duty, or wait for the owner's shift. */
  offShift: 'next_shift' | 'wait';
}

export interface FollowUpDeliveryOptions {
  service: SlipService;
  playbooks: PlaybookSource;
  messenger: Messenger;
  ledger: DeliveryLedger;
  policy: FollowUpPolicy;
  calendar?: ShiftCalendar;
  activity?: ActivityLog;
  clock?: () => number;
  /** Told when a reminder is sent again on a platform that cannot say whether the first attempt arrived. */
  onUnverified?: (key: string) => void;
  /** Told how late each first reminder went out (ms after its due time), for metrics. */
  onReminded?: (lateMs: number) => void;
}

/** What the queue should do with the job next. */
export type DeliveryResult = { kind: 'done'; note: string } | { kind: 'later'; at: number; job: FollowUpJob };

/** A job may run this much before its time (timer jitter) and still count as due. */
const EARLY_TOLERANCE_MS = 1000;

/**
 * Delivers a follow-up job: the reminder to the owner, a nudge when nobody answers, then an escalation to the
 * managers. The slip is re-read every time, so a job made stale by a snooze, an outcome or a close does nothing
 * wrong. Every post goes through the ledger, so a retry never posts twice.
 */
export class FollowUpDelivery {
  private readonly clock: () => number;

  constructor(private readonly options: FollowUpDeliveryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * The stage comes from the slip, not the job: not reminded yet → remind; reminded → nudge after the nudge delay;
   * nudged → escalate after the escalation delay. So a job re-run after a crash at any point does the right thing.
   */
  async process(job: FollowUpJob): Promise<DeliveryResult> {
    const slip = await this.options.service.get(job.tenant, job.slipId).catch((error) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    const followUp = slip?.followUp;
    if (!slip || !isOpen(slip) || !followUp || followUp.status !== 'scheduled' || followUp.purpose !== job.purpose)
      return { kind: 'done', note: 'the follow-up is no longer scheduled' };
    const now = this.clock();
    const current: FollowUpJob = { ...job, dueAt: followUp.dueAt };
    const { nudgeAfterMinutes, escalateAfterMinutes } = this.options.policy;
    if (followUp.remindedAt === undefined) {
      if (followUp.dueAt > now + EARLY_TOLERANCE_MS)
        return { kind: 'later', at: followUp.dueAt, job: { ...current, stage: 'remind' } };
      return this.remind(slip, { ...current, stage: 'remind' }, now);
    }
    if (followUp.nudges === 0) {
      const nudgeAt = followUp.remindedAt + nudgeAfterMinutes * 60_000;
      if (nudgeAt > now + EARLY_TOLERANCE_MS)
        return { kind: 'later', at: nudgeAt, job: { ...current, stage: 'nudge' } };
      return this.nudge(slip, { ...current, stage: 'nudge' });
    }
    const escalateAt = followUp.remindedAt + escalateAfterMinutes * 60_000;
    if (escalateAt > now + EARLY_TOLERANCE_MS)
      return { kind: 'later', at: escalateAt, job: { ...current, stage: 'escalate' } };
    return this.escalate(slip, { ...current, stage: 'escalate' });
  }

  private async remind(slip: Slip, job: FollowUpJob, now: number): Promise<DeliveryResult> {
    const { playbook } = await this.options.playbooks.current(slip.tenant);
    const offShift = await this.ownerOffShift(slip, now);
    if (offShift && this.options.policy.offShift === 'wait' && offShift.ownerShiftStart > now)
      return { kind: 'later', at: offShift.ownerShiftStart, job };
    const stage = offShift ? 'handover' : 'remind';
    await this.deliver(slip, job, buildReminder(slip, stage, playbook.venue.timezone), offShift ? 'thread' : undefined);
    this.options.onReminded?.(Math.max(0, this.clock() - job.dueAt));
    await this.options.service.act(slip.tenant, slip.id, 'recovery-coach', { kind: 'reminded' });
    return { kind: 'later', at: now + this.options.policy.nudgeAfterMinutes * 60_000, job: { ...job, stage: 'nudge' } };
  }

  private async nudge(slip: Slip, job: FollowUpJob): Promise<DeliveryResult> {
    const { playbook } = await this.options.playbooks.current(slip.tenant);
    await this.deliver(slip, job, buildReminder(slip, 'nudge', playbook.venue.timezone));
    await this.options.service.act(slip.tenant, slip.id, 'recovery-coach', { kind: 'nudged' });
    const at = (slip.followUp?.remindedAt ?? this.clock()) + this.options.policy.escalateAfterMinutes * 60_000;
    return { kind: 'later', at: Math.max(this.clock(), at), job: { ...job, stage: 'escalate' } };
  }

  private async escalate(slip: Slip, job: FollowUpJob): Promise<DeliveryResult> {
    if (!slip.escalated) {
      const minutes = this.options.policy.escalateAfterMinutes;
      await this.options.service.act(slip.tenant, slip.id, 'recovery-coach', {
        kind: 'escalate',
        reason: `the follow-up${slip.guestRef ? ` with ${slip.guestRef.text}` : ''} has had no answer for ${minutes} min`,
      });
    }
    return { kind: 'done', note: `escalated after the ${job.stage}` };
  }

  /** Posts once per (slip, purpose, due time, stage), whatever retries happen. */
  private async deliver(slip: Slip, job: FollowUpJob, reminder: ReminderView, forceWhere?: 'thread'): Promise<void> {
    const key = `rm|${slip.tenant}|${slip.id}|${job.purpose}|${job.dueAt}|${job.stage}`;
    const where = forceWhere ?? this.options.policy.destination;
    await deliverAboutSlip(this.options, slip, { key, message: { kind: 'reminder', reminder }, where });
  }

  /**
   * The owner is off shift when the slip's channel has a shift schedule and they have not been active since the
   * current shift began. `ownerShiftStart` is when the shift they were last active in next starts again.
   */
  private async ownerOffShift(slip: Slip, now: number): Promise<{ ownerShiftStart: number } | undefined> {
    return ownerOffShift(this.options, slip, now);
  }
}

/**
 * The slip's owner is off shift when its channel has a shift schedule and they have not been active since the
 * current shift began; `ownerShiftStart` is when the shift they were last active in next starts again. Shared by
 * follow-up reminders and the recovery clock's nudges.
 */
export async function ownerOffShift(
  { calendar, activity }: { calendar?: ShiftCalendar; activity?: ActivityLog },
  slip: Slip,
  now: number,
): Promise<{ ownerShiftStart: number } | undefined> {
  if (!calendar || !activity) return undefined;
  const current = await calendar.shiftAt(slip.tenant, slip.channel, now);
  if (!current) return undefined;
  const seen = (await activity.lastSeen(slip.tenant, slip.owner)) ?? slip.createdAt;
  if (seen >= current.start) return undefined;
  const theirs = await calendar.shiftAt(slip.tenant, slip.channel, seen);
  if (!theirs || theirs.end <= theirs.start) return { ownerShiftStart: current.end };
  // the same wall-clock time as their last shift on a later calendar day: across a daylight saving change a day
  // is 23 or 25 hours, so adding 24 h would wake them an hour early or late
  const start = DateTime.fromMillis(theirs.start, { zone: theirs.timezone });
  let next = theirs.start;
  for (let days = 1; next <= now; days++) next = start.plus({ days }).toMillis();
  return { ownerShiftStart: next };
}
