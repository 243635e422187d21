import type { WebClient } from '@slack/web-api';
import { render, said } from '../../conversation/catalogue';
import { recordCard } from '../../conversation/recordCard';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import type { SlackMessage } from './blocks/recoveryCard';
import type { SlackDeps } from './deps';
import { managerCopy } from './privateCopies';
import { SLACK_STYLE } from './style';

/**
 * A private slip's card: to the reporter by DM (with its buttons; the card lives there, `cardChannel`), and to the
 * managers by DM without buttons (remembered, so their copies are redrawn with the card: privateCopies.ts). The
 * channel sees at most a one-line notice in the message's thread (the playbook's `privateSlips: notice`), or nothing
 * (`silent`); never the text, the guest or the category.
 */
export async function postPrivately(
  client: WebClient,
  deps: SlackDeps,
  slip: Slip,
  message: SlackMessage,
): Promise<Slip> {
  const reporterDm = await dmChannel(client, slip.reporter);
  const posted = await client.chat.postMessage({
    channel: reporterDm,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  const attached =
    (await recordCard(deps.log, slip, () =>
      deps.service.attachCard(slip.tenant, slip.id, String(posted.ts), undefined, String(posted.channel ?? reporterDm)),
    )) ?? slip;
  const managers = (await deps.permissions.managers(slip.tenant)).filter((m) => m !== slip.reporter);
  const copy = managerCopy(slip, message);
  await Promise.all(
    managers.map(async (manager) => {
      try {
        const dm = await dmChannel(client, manager);
        const sent = await client.chat.postMessage({
          channel: dm,
          text: copy.text,
          blocks: copy.blocks,
        });
        // remembered, so the copy is redrawn as the slip moves on (privateCopies.ts)
        await deps.features?.privateCopies.add(slip.tenant, slip.id, {
          user: manager,
          channel: String(sent.channel ?? dm),
          ts: String(sent.ts),
        });
      } catch (error) {
        reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'private slip to a manager' });
      }
    }),
  );
  const { playbook } = await deps.playbooks.current(slip.tenant);
  if (playbook.privateSlips === 'notice' && fromChannelMessage(slip))
    await client.chat
      .postMessage({
        channel: slip.channel,
        thread_ts: slip.threadRef,
        text: render(said('privateSlipLogged'), SLACK_STYLE),
      })
      .catch((error) =>
        reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'private notice' }),
      );
  return attached;
}

/** A slip made from a message in the channel (not a form or a /recover preview): its thread can take the notice. */
function fromChannelMessage(slip: Slip): boolean {
  return !/^(form|recover)-/.test(slip.messageRef);
}

async function dmChannel(client: WebClient, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  return String(opened.channel?.id ?? user);
}
