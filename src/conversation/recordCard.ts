import { reportError } from '../errors';
import type { Logger } from '../log';
import type { Slip } from '../slips/slip';

/**
 * Records a card that is already up (its message id on the slip). When that fails, because storage went down between
 * the two, the failure is logged and the card stands: the slip was saved before it was carded, so telling the poster
 * "nothing was saved" would be false, and failing the delivery would let the platform's retry post a second card.
 * Undefined when it could not be recorded.
 */
export async function recordCard(
  log: Logger,
  slip: Pick<Slip, 'tenant' | 'id'>,
  attach: () => Promise<Slip>,
): Promise<Slip | undefined> {
  try {
    return await attach();
  } catch (error) {
    reportError(log, error, { tenant: slip.tenant, slipId: slip.id, where: 'recording a posted card' });
    return undefined;
  }
}
