import type { FollowUpJob } from './reminder';

/**
 * Remembers which deliveries happened, so a retried job never posts twice. A claim is "pending" until confirmed;
 * a later attempt that finds it pending must first ask the platform whether the message arrived.
 */
/**
 * A claim on a delivery: first (claimed), already sent (done), claimed by an attempt that may have crashed
 * (pending: this one takes over), or claimed moments ago by an attempt still running (busy: leave it alone).
 */
export type Claim =
  | { state: 'claimed' }
  | { state: 'done' }
  | { state: 'pending'; since: number }
  | { state: 'busy'; since: number };

export interface DeliveryLedger {
  claim(key: string): Promise<Claim>;
  confirm(key: string): Promise<void>;
  /** The attempt certainly did not deliver (the platform said no): forget the claim. */
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
