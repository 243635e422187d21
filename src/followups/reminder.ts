import type { Slip } from '../slips/slip';
import { dueAt, parseTiming } from './timing';

/** Where a follow-up job stands: the reminder itself, a nudge when nobody answered, then a manager escalation. */
export type ReminderStage = 'remind' | 'nudge' | 'escalate';

/** What a follow-up job carries. The slip in Redis stays the source of truth; this only says which delivery. */
export interface FollowUpJob {
  tenant: string;
  slipId: string;
  purpose: string;
  /** The follow-up's due time when this job was scheduled; a slip rescheduled since makes the job stale. */
  dueAt: number;
  stage: ReminderStage;
}

/** A reminder as every platform shows it: guest, what happened, what was promised, and the outcome buttons. */
export interface ReminderView {
  slipId: string;
  stage: 'remind' | 'nudge' | 'handover';
  categoryName: string;
  guestRef?: string;
  quote: string;
  promise?: string;
  owner: string;
  dueAt: number;
  timezone: string;
  channel: string;
}

export const SNOOZE_CHOICES = [
  { id: '15m', label: '15 min' },
  { id: '1h', label: '1 hour' },
  { id: 'tomorrow', label: 'Tomorrow' },
] as const;

/** When a snooze choice is due, read like any playbook timing ("tomorrow" is the next day at 11:00, venue time). */
export function snoozeDueAt(choice: string, venue: { timezone: string; checkoutTime: string }, now: number): number {
  const timing = parseTiming(choice);
  const context = { now, reportedAt: now, timezone: venue.timezone, checkoutTime: venue.checkoutTime };
  // an unreadable choice (a crafted press) snoozes for the shortest time, never for good
  return (timing.ok ? dueAt(timing.timing, context) : undefined) ?? now + 15 * 60_000;
}

export function buildReminder(slip: Slip, stage: ReminderView['stage'], timezone: string): ReminderView {
  return {
    slipId: slip.id,
    stage,
    categoryName: slip.advice.categoryName,
    guestRef: slip.guestRef?.text,
    quote: slip.text,
    promise: slip.followUp?.promise,
    owner: slip.owner,
    dueAt: slip.followUp?.dueAt ?? slip.updatedAt,
    timezone,
    channel: slip.channel,
  };
}

/** Job ids are derived from the business key (idempotent adds); BullMQ ids may not contain ":" or be all digits. */
export function followUpJobId(tenant: string, slipId: string, purpose: string): string {
  return `fu-${safe(tenant)}-${safe(slipId)}-${safe(purpose)}`;
}

export function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_.-]/g, '_');
}
