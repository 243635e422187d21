import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { render, said } from '../../conversation/catalogue';
import type { PrivateCopies } from '../../slips/privateCopies';
import type { Slip } from '../../slips/slip';
import type { SlackMessage } from './blocks/recoveryCard';
import { md } from './blocks/text';
import { SLACK_STYLE } from './style';

/** A manager's copy of a private slip's card: headed "Private slip #N, reported by …", without its buttons. */
export function managerCopy(slip: Pick<Slip, 'id' | 'reporter'>, message: SlackMessage): SlackMessage {
  const note = render(said('privateSlipForManagers', { reporter: slip.reporter, slipId: slip.id }), SLACK_STYLE);
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [md(note)] },
    ...message.blocks.filter((block) => block.type !== 'actions'),
  ];
  return { text: `${note} ${message.text}`, blocks };
}

/**
 * Redraws every manager's copy of a private slip's card (the DMs postPrivately sent them) with the card as it is
 * now. Each copy stands alone: one that cannot be updated (deleted, the DM gone) is handed to `failed` and the
 * others are still redrawn.
 */
export async function refreshManagerCopies(
  client: WebClient,
  copies: PrivateCopies | undefined,
  slip: Slip,
  message: SlackMessage,
  failed: (error: unknown) => void,
): Promise<void> {
  if (!slip.private || !copies) return;
  const copy = managerCopy(slip, message);
  for (const sent of await copies.list(slip.tenant, slip.id))
    await client.chat
      .update({ channel: sent.channel, ts: sent.ts, text: copy.text, blocks: copy.blocks })
      .catch(failed);
}
