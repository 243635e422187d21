import type { FollowUpJob } from './reminder';

/**
 * A claim on a delivery: first (claimed), already sent (done), claimed earlier by an attempt that may have sent it
 * (pending: this one takes over; `since` is when the first attempt began), or by an attempt that may still be
 * sending (busy: leave it alone).
 */
export type Claim =
  | { state: 'claimed' }
  | { state: 'done' }
  | { state: 'pending'; since: number }
  | { state: 'busy'; since: number };

/**
 * Remembers which deliveries happened, so a retried job never posts twice. A claim stays pending until confirmed;
 * a later attempt that finds it pending must first ask the platform whether the message arrived.
 */
export interface DeliveryLedger {
  claim(key: string): Promise<Claim>;
  confirm(key: string): Promise<void>;
  /**
   * This attempt is over without sending anything itself, but an earlier one may have: keep the claim pending (and
   * when it was first made), so the next attempt starts at once and still checks before it sends.
   */
  hold(key: string): Promise<void>;
  /** Nothing was ever sent under this claim (the platform said no to its only attempt): forget it. */
  release(key: string): Promise<void>;
}

/** When a person was last seen doing anything (a message, a button), per tenant. */
export interface ActivityLog {
  touch(tenant: string, user: string, at: number): Promise<void>;
  lastSeen(tenant: string, user: string): Promise<number | undefined>;
}

/** A channel's shift in progress at a moment, from its handoff schedule. */
export interface ShiftWindow {
  start: number;
  end: number;
  /** The schedule's IANA zone, whose calendar days the shift repeats on. */
  timezone: string;
}

export interface ShiftCalendar {
  /** The shift around `at` in the channel's schedule; undefined when the channel has none. */
  shiftAt(tenant: string, channel: string, at: number): Promise<ShiftWindow | undefined>;
}

/** Schedules follow-up jobs (BullMQ in production). */
export interface FollowUpQueue {
  /** Adds or moves the slip's follow-up job to `at` with this payload. */
  upsert(job: FollowUpJob, at: number): Promise<void>;
  remove(tenant: string, slipId: string, purpose: string): Promise<void>;
}
