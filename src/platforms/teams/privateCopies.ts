import { render, said } from '../../conversation/catalogue';
import type { PrivateCopies } from '../../slips/privateCopies';
import type { Slip } from '../../slips/slip';
import { type AdaptiveCard, line } from './cards/elements';
import type { OutgoingActivity } from './connector';
import type { TeamsMessenger } from './messenger';
import { peopleFor } from './people';
import type { TeamsReferenceStore } from './references';
import { teamsStyle } from './style';

/**
 * A manager's copy of a private slip's card message (as cardMessage makes it): headed "Private slip #N, reported by
 * …", its buttons taken off. Its text stays plain (a person's words).
 */
export async function managerCopy(
  refs: TeamsReferenceStore,
  slip: Pick<Slip, 'tenant' | 'id' | 'reporter'>,
  message: OutgoingActivity,
): Promise<OutgoingActivity> {
  const people = await peopleFor(refs, slip.tenant, [slip.reporter]);
  const note = render(said('privateSlipForManagers', { reporter: slip.reporter, slipId: slip.id }), teamsStyle(people));
  return {
    ...message,
    text: `${note} ${message.text ?? ''}`.trim(),
    attachments: (message.attachments ?? []).map((attachment) => {
      const { actions: _buttons, ...card } = attachment.content as AdaptiveCard;
      return { ...attachment, content: { ...card, body: [line([note]), ...card.body] } };
    }),
  };
}

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
