import type { Said } from '../conversation/catalogue';
import { AppError, toAppError } from '../errors';
import type { ReminderView } from '../followups/reminder';
import type { DigestView } from '../insights/digest';
import type { Slip } from '../slips/slip';
import type { EscalationView } from './escalation';
import type { HandoffView } from './handoff';
import type { RecoveryCardView } from './recoveryCard';

/** A message the bot sends on its own (not as a reply to a request), as a neutral view model. */
export type Outbound =
  | { kind: 'card'; card: RecoveryCardView }
  | { kind: 'escalation'; alert: EscalationView }
  | { kind: 'reminder'; reminder: ReminderView }
  | { kind: 'handoff'; handoff: HandoffView }
  | { kind: 'notice'; text: string }
  /** A catalogue sentence, written in the surface's style; `people` are the ids it names (Teams looks up names). */
  | { kind: 'said'; said: Said; people?: string[] }
  /**
   * The weekly digest for a manager: its words, the chart as a PNG (drawn once per workspace and week) and the
   * chart's alt text. Slack uploads the PNG with the words as its comment, Teams shows it in a card, the shell
   * prints the words and the alt text.
   */
  | { kind: 'digest'; digest: DigestView; png: Uint8Array };

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
  /** Redraws a slip's card where it lives (its channel thread, or a private slip's DM); no-op without a card. */
  updateCard?(slip: Slip, card: RecoveryCardView): Promise<void>;
  /**
   * Whether a message tagged with `deliveryKey` reached the target since `since`: "delivered", or "absent" only when
   * the platform definitely has no such message. When it cannot tell now (a 429, an outage) this throws
   * PLATFORM_RATE_LIMITED or PLATFORM_TEMPORARY, and the caller waits and asks again. A messenger without this
   * method (Teams, the shell) can never tell.
   */
  wasDelivered?(tenant: string, target: DeliveryTarget, deliveryKey: string, since: number): Promise<DeliveryCheck>;
}

/** A thread reply refused with 429 is tried this often in all, waiting out Retry-After (at most this long) between. */
const REPLY_ATTEMPTS = 3;
const REPLY_WAIT_CAP_MS = 10_000;

/**
 * Sends what belongs in the thread of a message already posted (a big handoff's full list). That message is the
 * delivery, and it is there, so nothing may post it again: a reply refused with 429 is sent again here after
 * Retry-After (the platform posted nothing), and a reply that still fails, or fails in a way that may have landed,
 * ends the send with PLATFORM_TEMPORARY marked `posted`. The delivery ledger records such a delivery as done, so
 * the job's retry finds it there instead of posting it twice; the rest of the list is not sent, and the job's
 * failure is logged.
 */
export async function sendThreadReplies<T>(
  replies: readonly T[],
  send: (reply: T) => Promise<unknown>,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  for (const [index, reply] of replies.entries()) {
    for (let attempt = 1; ; attempt++) {
      try {
        await send(reply);
        break;
      } catch (error) {
        const cause = toAppError(error, 'PLATFORM_TEMPORARY');
        if (cause.code === 'PLATFORM_RATE_LIMITED' && attempt < REPLY_ATTEMPTS) {
          await wait(Math.min(cause.retryAfterMs ?? 1000, REPLY_WAIT_CAP_MS));
          continue;
        }
        throw new AppError(
          'PLATFORM_TEMPORARY',
          `posted, but not its thread reply ${index + 1} of ${replies.length}: ${cause.message}`,
          { cause: error, details: { posted: true } },
        );
      }
    }
  }
}

/** Whether a messenger's error says the message itself was posted (see sendThreadReplies): never send it again. */
export function postedAnyway(error: unknown): boolean {
  return error instanceof AppError && error.details.posted === true;
}
