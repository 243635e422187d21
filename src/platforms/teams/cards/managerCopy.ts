import { render, said } from '../../../conversation/catalogue';
import type { Slip } from '../../../slips/slip';
import type { OutgoingActivity } from '../connector';
import { peopleFor } from '../people';
import type { TeamsReferenceStore } from '../references';
import { teamsStyle } from '../style';
import { type AdaptiveCard, line } from './elements';

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
