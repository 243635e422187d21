import type { Slip } from '../slips/slip';
import type { Outbound } from '../views/outbound';
import { type DeliverOnceDeps, deliverOnce } from './deliverOnce';

/**
 * Sends a message about a slip once per ledger key: to its owner by DM, or as a reply in its thread. A private slip
 * is never discussed in its channel, so whatever `where` says, its messages go to the owner alone.
 */
export async function deliverAboutSlip(
  deps: DeliverOnceDeps,
  slip: Slip,
  delivery: { key: string; message: Outbound; where: 'dm' | 'thread' },
): Promise<'sent' | 'already'> {
  const { messenger } = deps;
  const { key, message } = delivery;
  if (slip.private || delivery.where === 'dm')
    return deliverOnce(deps, slip.tenant, key, { user: slip.owner }, () =>
      messenger.sendDirect(slip.tenant, slip.owner, message, { deliveryKey: key }),
    );
  return deliverOnce(deps, slip.tenant, key, { channel: slip.channel, threadRef: slip.threadRef }, () =>
    messenger.post(slip.tenant, slip.channel, message, { threadRef: slip.threadRef, deliveryKey: key }),
  );
}
