import type { EscalationView } from './escalation';
import type { RecoveryCardView } from './recoveryCard';

/** A message the bot sends on its own (not as a reply to a request), as a neutral view model. */
export type Outbound =
  | { kind: 'card'; card: RecoveryCardView }
  | { kind: 'escalation'; alert: EscalationView }
  | { kind: 'notice'; text: string };

/** Where a sent message landed, so it can be updated in place. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/**
 * Sends views to people and channels on the tenant's own platform. Implemented per platform (Slack, Teams, shell);
 * a router picks by tenant. Errors are AppErrors: PLATFORM_RATE_LIMITED (with retryAfterMs), PLATFORM_TEMPORARY
 * or PLATFORM_PERMANENT, so callers (the worker) know whether to retry.
 */
export interface Messenger {
  sendDirect(tenant: string, user: string, message: Outbound): Promise<MessageRef>;
  post(tenant: string, channel: string, message: Outbound, options?: { threadRef?: string }): Promise<MessageRef>;
  update(tenant: string, ref: MessageRef, message: Outbound): Promise<void>;
}
