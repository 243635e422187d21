import { toAppError } from '../errors';

/**
 * Sends to several people at once, so one who cannot be reached does not hold the others up. Someone the platform
 * refuses for good (gone from the workspace) is skipped, unless everyone was; anyone not reachable yet (a 429, an
 * earlier attempt not checked yet) fails the whole call so its job retries, and the delivery ledger behind `send`
 * keeps those already reached from a second copy. Returns how many were sent now and how many were skipped.
 */
export async function deliverToEach<T>(
  recipients: readonly T[],
  send: (recipient: T) => Promise<unknown>,
): Promise<{ sent: number; skipped: number }> {
  const results = await Promise.allSettled(recipients.map(send));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const retryable = failed.find((r) => toAppError(r.reason).code !== 'PLATFORM_PERMANENT');
  if (retryable) throw retryable.reason;
  if (failed.length > 0 && failed.length === results.length) throw failed[0]!.reason;
  const sent = results.filter((r) => r.status === 'fulfilled' && r.value === 'sent').length;
  return { sent, skipped: failed.length };
}
