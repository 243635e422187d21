import { AppError, toAppError } from '../errors';
import { type DeliveryCheck, type DeliveryTarget, type Messenger, postedAnyway } from '../views/outbound';
import type { DeliveryLedger } from './ports';

export interface DeliverOnceDeps {
  ledger: DeliveryLedger;
  messenger: Messenger;
  /**
   * Told when a pending delivery is sent again on a platform that cannot be asked whether the earlier attempt
   * arrived (Teams): the one case where a person may get a message twice, so operators can see it happen.
   */
  onUnverified?: (key: string) => void;
}

/**
 * Sends once per ledger key. A "busy" claim means another worker may be sending it right now: this attempt steps
 * back with a temporary error and its job retries later. A "pending" one means an earlier attempt may have sent it
 * before crashing: the platform is asked first, and only a definite "absent" sends. When the platform cannot tell
 * yet (its history is rate limited too, or down) the claim is kept and the error goes to the job, which waits out
 * Retry-After and asks again: "can't tell" never means "post". A platform that can never tell (Teams) sends again,
 * reported through `onUnverified`.
 */
export async function deliverOnce(
  deps: DeliverOnceDeps,
  tenant: string,
  key: string,
  target: DeliveryTarget,
  send: () => Promise<unknown>,
): Promise<'sent' | 'already'> {
  const claim = await deps.ledger.claim(key);
  if (claim.state === 'done') return 'already';
  if (claim.state === 'busy')
    throw new AppError('PLATFORM_TEMPORARY', `delivery ${key} is in flight elsewhere; checking again later`);
  if (claim.state === 'pending') {
    const check = await checkEarlier(deps, tenant, key, target, claim.since);
    if (check === 'delivered') {
      await deps.ledger.confirm(key);
      return 'already';
    }
    if (check === 'unverifiable') deps.onUnverified?.(key);
  }
  try {
    await send();
  } catch (error) {
    // the message is there and something after it failed (a thread reply): done, so no retry posts it again
    if (postedAnyway(error)) await deps.ledger.confirm(key);
    else await afterRefusal(deps.ledger, key, claim.state === 'claimed', error);
    throw error;
  }
  await deps.ledger.confirm(key);
  return 'sent';
}

/** Asks the platform about an earlier attempt; when it cannot tell yet, the claim is held and the error thrown. */
async function checkEarlier(
  deps: DeliverOnceDeps,
  tenant: string,
  key: string,
  target: DeliveryTarget,
  since: number,
): Promise<DeliveryCheck> {
  if (!deps.messenger.wasDelivered) return 'unverifiable';
  try {
    return await deps.messenger.wasDelivered(tenant, target, key, since);
  } catch (error) {
    await deps.ledger.hold(key);
    const cause = toAppError(error, 'PLATFORM_TEMPORARY');
    // a permanent refusal to show history (a scope removed) is still only "can't tell": fail loudly, never post
    throw new AppError(cause.code, `can't tell yet whether delivery ${key} arrived: ${cause.message}`, {
      cause: error,
      retryAfterMs: cause.retryAfterMs,
      details: { ...cause.details, deliveryKey: key, heldBack: true },
    });
  }
}

/**
 * The platform answered the send with an error. A definite "no" (429, permanent) to the claim's only attempt means
 * nothing was ever sent: forget the claim. After an earlier attempt the claim is held, so the next attempt checks
 * again before it sends. Anything ambiguous (a timeout) leaves the claim as it is: the send may still land, so
 * nobody touches it until the in-flight window has passed.
 */
async function afterRefusal(ledger: DeliveryLedger, key: string, onlyAttempt: boolean, error: unknown) {
  const definite =
    error instanceof AppError && (error.code === 'PLATFORM_RATE_LIMITED' || error.code === 'PLATFORM_PERMANENT');
  if (!definite) return;
  if (onlyAttempt) await ledger.release(key);
  else await ledger.hold(key);
}
