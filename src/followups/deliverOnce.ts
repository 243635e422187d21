import { AppError } from '../errors';
import type { DeliveryTarget, Messenger } from '../views/outbound';
import type { DeliveryLedger } from './ports';

/**
 * Sends once per ledger key. A "busy" claim means another worker is sending it right now: this attempt steps
 * back with a temporary error and its job retries later. A "pending" one means an earlier attempt may have
 * sent it before crashing: the platform is asked first, and only a definite "no" (or a platform that cannot tell,
 * like Teams) sends again.
 */
export async function deliverOnce(
  deps: { ledger: DeliveryLedger; messenger: Messenger },
  tenant: string,
  key: string,
  target: DeliveryTarget,
  send: () => Promise<unknown>,
): Promise<'sent' | 'already'> {
  const claim = await deps.ledger.claim(key);
  if (claim.state === 'done') return 'already';
  if (claim.state === 'busy')
    throw new AppError('PLATFORM_TEMPORARY', `delivery ${key} is in flight elsewhere; checking again later`);
  if (claim.state === 'pending' && (await deps.messenger.wasDelivered?.(tenant, target, key, claim.since))) {
    await deps.ledger.confirm(key);
    return 'already';
  }
  try {
    await send();
  } catch (error) {
    // the platform answered "no": nothing was delivered, so forget the claim; on anything ambiguous keep it pending
    if (error instanceof AppError && (error.code === 'PLATFORM_RATE_LIMITED' || error.code === 'PLATFORM_PERMANENT'))
      await deps.ledger.release(key);
    throw error;
  }
  await deps.ledger.confirm(key);
  return 'sent';
}
