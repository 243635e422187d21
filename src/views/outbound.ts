import type { ReminderView } from '../followups/reminder';
import type { EscalationView } from './escalation';
import type { HandoffView } from './handoff';
import type { RecoveryCardView } from './recoveryCard';

/** A message the bot sends on its own (not as a reply to a request), as a neutral view model. */
export type Outbound =
  | { kind: 'card'; card: RecoveryCardView }
  | { kind: 'escalation'; alert: EscalationView }
  | { kind: 'reminder'; reminder: ReminderView }
  | { kind: 'handoff'; handoff: HandoffView }
  | { kind: 'notice'; text: string };

/** Where a sent message landed, so it can be updated in place. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** Where to look for an earlier delivery: a person's direct messages or a channel (thread). */
export interface DeliveryTarget {
  user?: string;
  channel?: string;
  /** With `channel`: the thread the message went into. */
  threadRef?: string;
}

/** What a platform says about an earlier attempt; "unverifiable" when it offers no way to ask (Teams). */
export type DeliveryCheck = 'delivered' | 'absent' | 'unverifiable';

export interface SendOptions {
  threadRef?: string;
  /** Tags the message so a retry after a crash can find out whether it was already delivered. */
  deliveryKey?: string;
}

/**
 * Sends views to people and channels on the tenant's own platform. Implemented per platform (Slack, Teams, shell);
 * a router picks by tenant. Errors are AppErrors: PLATFORM_RATE_LIMITED (with retryAfterMs), PLATFORM_TEMPORARY
 * or PLATFORM_PERMANENT, so callers (the worker) know whether to retry.
 */
export interface Messenger {
  sendDirect(tenant: string, user: string, message: Outbound, options?: SendOptions): Promise<MessageRef>;
  post(tenant: string, channel: string, message: Outbound, options?: SendOptions): Promise<MessageRef>;
  update(tenant: string, ref: MessageRef, message: Outbound): Promise<void>;
  /**
   * Whether a message tagged with `deliveryKey` reached the target since `since`: "delivered", or "absent" only when
   * the platform definitely has no such message. When it cannot tell now (a 429, an outage) this throws
   * PLATFORM_RATE_LIMITED or PLATFORM_TEMPORARY, and the caller waits and asks again. A messenger without this
   * method (Teams, the shell) can never tell.
   */
  wasDelivered?(tenant: string, target: DeliveryTarget, deliveryKey: string, since: number): Promise<DeliveryCheck>;
}
