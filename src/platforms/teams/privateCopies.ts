import type { PrivateCopies } from '../../slips/privateCopies';
import type { Slip } from '../../slips/slip';
import { managerCopy } from './cards/managerCopy';
import type { OutgoingActivity } from './connector';
import type { TeamsMessenger } from './messenger';
import type { TeamsReferenceStore } from './references';

/**
 * Redraws every manager's copy of a private slip's card (the 1:1 chats deliverPrivately sent them) from the card
 * message as it is now. Each copy stands alone: one that cannot be updated is handed to `failed`, the others are
 * still redrawn.
 */
export async function refreshManagerCopies(
  where: {
    messenger?: Pick<TeamsMessenger, 'updateForPerson'>;
    copies?: PrivateCopies;
    refs: TeamsReferenceStore;
  },
  slip: Slip,
  message: OutgoingActivity,
  failed: (error: unknown) => void,
): Promise<void> {
  const { messenger, copies, refs } = where;
  if (!slip.private || !copies || !messenger) return;
  const sent = await copies.list(slip.tenant, slip.id);
  if (sent.length === 0) return;
  const copy = await managerCopy(refs, slip, message);
  for (const { user, channel, ts } of sent)
    await messenger.updateForPerson(slip.tenant, user, { channel, ts }, copy).catch(failed);
}
