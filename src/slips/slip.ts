import type { ClockTargets } from '../clock/clock';
import type { Advice } from '../coach/advice';
import type { GuestRef } from '../coach/guestRef';
import type { Severity } from '../playbook/schema';

export type Platform = 'slack' | 'teams' | 'shell';

/** Where a slip stands. The three steps run in order; closed and dismissed are the ends (reopen undoes them). */
export type SlipStatus = 'open' | 'acknowledged' | 'corrected' | 'connected' | 'closed' | 'dismissed';

export type Step = 'acknowledge' | 'correct' | 'connect';

export type FollowUpOutcome = 'recovered' | 'not_recovered' | 'unreachable';

export type TimelineKind =
  | 'reported'
  | 'acknowledged'
  | 'corrected'
  | 'connected'
  | 'followup_scheduled'
  | 'followup_done'
  | 'followup_cancelled'
  | 'reminded'
  | 'nudged'
  | 'snoozed'
  | 'escalated'
  | 'reassigned'
  | 'closed'
  | 'reopened'
  | 'dismissed'
  | 'edited'
  | 'recategorized'
  /** A comp over the asker's limit, asked for, approved or declined in chat (the comp log has the details). */
  | 'comp_requested'
  | 'comp_approved'
  | 'comp_declined'
  | 'delivery_failed';

/** One line of the slip's history: who did what, when. */
export interface TimelineEntry {
  at: number;
  by: string;
  kind: TimelineKind;
  note?: string;
  gesture?: string;
  cost?: number;
  outcome?: FollowUpOutcome;
  dueAt?: number;
}

export interface FollowUp {
  /** What the follow-up is for; one follow-up per slip and purpose. */
  purpose: string;
  dueAt: number;
  status: 'scheduled' | 'done' | 'cancelled';
  outcome?: FollowUpOutcome;
  /** What was promised to the guest, for the reminder and the handoff. */
  promise?: string;
  /** Reminder sent to the owner at this time (epoch ms). */
  remindedAt?: number;
  nudges: number;
}

/** A service slip and its recovery. Guest text is PII-redacted before it gets here. */
export interface Slip {
  id: string;
  tenant: string;
  platform: Platform;
  channel: string;
  /** The staff message the slip came from (Slack ts, Teams activity id, shell line). */
  messageRef: string;
  /** The thread the card lives in. */
  threadRef: string;
  /** The bot's card message, for in-place updates. */
  cardRef?: string;
  reporter: string;
  owner: string;
  text: string;
  categoryId: string;
  severity: Severity;
  confidence: number;
  guestRef?: GuestRef;
  advice: Advice;
  /** Private: the card goes to the reporter and the managers by DM; channels, handoffs and others never see it. */
  private?: boolean;
  /** Where the card lives when it is not in `channel` (a private slip's card, in the reporter's DM). */
  cardChannel?: string;
  status: SlipStatus;
  escalated: boolean;
  gesture?: { label: string; cost: number };
  followUp?: FollowUp;
  /** Earlier slip ids for the same guest inside the repeat window. */
  repeatOf: string[];
  createdAt: number;
  updatedAt: number;
  /** The recovery clock's targets, from the playbook when the slip was reported (none on slips from before it). */
  targets?: ClockTargets;
  /** Bumped on every write; stores use it for optimistic concurrency. */
  version: number;
  timeline: TimelineEntry[];
}

/** A slip before the store has given it an id. */
export type NewSlip = Omit<Slip, 'id' | 'version'>;

export function isOpen(slip: Slip): boolean {
  return slip.status !== 'closed' && slip.status !== 'dismissed';
}

/** Steps done so far, in order. */
export function stepsDone(slip: Slip): Step[] {
  const order: SlipStatus[] = ['acknowledged', 'corrected', 'connected'];
  const reached = statusBeforeClose(slip);
  const index = order.indexOf(reached);
  return (['acknowledge', 'correct', 'connect'] as Step[]).slice(0, index + 1);
}

/** The furthest step status the slip reached (its status before it was closed or dismissed). */
export function statusBeforeClose(slip: Slip): SlipStatus {
  if (isOpen(slip)) return slip.status;
  for (let i = slip.timeline.length - 1; i >= 0; i--) {
    const kind = slip.timeline[i]!.kind;
    if (kind === 'connected') return 'connected';
    if (kind === 'corrected') return 'corrected';
    if (kind === 'acknowledged') return 'acknowledged';
  }
  return 'open';
}

export function lastEntry(slip: Slip, kind: TimelineKind): TimelineEntry | undefined {
  for (let i = slip.timeline.length - 1; i >= 0; i--) if (slip.timeline[i]!.kind === kind) return slip.timeline[i];
  return undefined;
}

/** Recovered: the follow-up said so, or the three steps were done and nobody said otherwise. */
export function isRecovered(slip: Slip): boolean {
  if (slip.followUp?.outcome) return slip.followUp.outcome === 'recovered';
  return slip.timeline.some((e) => e.kind === 'connected') && slip.status !== 'dismissed';
}
