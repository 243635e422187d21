import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { render, said } from '../../../conversation/catalogue';
import { recordCard } from '../../../conversation/recordCard';
import { AppError } from '../../../errors';
import type { Slip } from '../../../slips/slip';
import { cardMessage, tailorLater } from '../cards';
import { type RecoverDraft, type SlackDeps, slackTenant } from '../deps';
import { slackErrorName } from '../errors';
import { postPrivately } from '../privateSlips';
import { explain } from '../replies';
import { SLACK_STYLE } from '../style';
import { DRAFT_ACTIONS } from './recoverCommand';

/** The buttons under a `/recover …` preview: post the card to the channel, log it quietly, or cancel. */
export function registerDraftActions(app: App, deps: SlackDeps): void {
  const pattern = new RegExp(`^(${Object.values(DRAFT_ACTIONS).join('|')})$`);
  app.action<BlockAction<ButtonAction>>(pattern, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (action.action_id === DRAFT_ACTIONS.cancel) {
      await respond({ delete_original: true });
      return;
    }
    const mode = action.action_id === DRAFT_ACTIONS.post ? 'post' : 'log';
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      const draft = await deps.drafts.take(tenant, action.value ?? '');
      if (!draft) {
        await respond({
          replace_original: true,
          text: 'That preview has expired or was already used. Run `/recover` again.',
        });
        return;
      }
      if (draft.user !== body.user.id) throw new AppError('FORBIDDEN', 'Only the person who wrote this can post it.');
      const slip = await logDraft(deps, tenant, draft, action.value!);
      const text =
        mode === 'post'
          ? await postToChannel(client, deps, slip)
          : `Logged as slip #${slip.id}. It's on your App Home with its buttons.`;
      await respond({ replace_original: true, text });
    } catch (error) {
      await respond({ replace_original: false, text: explain(deps.log, error, { tenant, where: `draft ${mode}` }) });
    }
  });
}

async function logDraft(deps: SlackDeps, tenant: string, draft: RecoverDraft, draftId: string): Promise<Slip> {
  const result = await deps.service.report(
    {
      tenant,
      platform: 'slack',
      channel: draft.channel,
      messageRef: `recover-${draftId}`,
      user: draft.user,
      text: draft.text,
    },
    { force: true },
  );
  if (result.kind !== 'reported') throw new AppError('BAD_INPUT', 'There was nothing to log.');
  return result.slip;
}

/** Posts the card as a new channel message that starts the slip's thread. */
async function postToChannel(client: WebClient, deps: SlackDeps, slip: Slip): Promise<string> {
  if (slip.private) {
    await postPrivately(client, deps, slip, await cardMessage(deps, slip));
    return render(said('privateSlipSent', { slipId: slip.id }), SLACK_STYLE);
  }
  const message = await cardMessage(deps, slip);
  try {
    const posted = await client.chat.postMessage({
      channel: slip.channel,
      text: `<@${slip.reporter}> logged a guest slip: ${message.text}`,
      blocks: message.blocks,
      unfurl_links: false,
    });
    const ts = String(posted.ts);
    const attached = await recordCard(deps.log, slip, () => deps.service.attachCard(slip.tenant, slip.id, ts, ts));
    if (attached) tailorLater(client, deps, attached);
    return `Posted slip #${slip.id} to the channel.`;
  } catch (error) {
    const code = slackErrorName(error);
    if (code === 'not_in_channel' || code === 'channel_not_found')
      return `Logged as slip #${slip.id}, but I'm not in this channel so I couldn't post it: add me with \`/invite @recovery-coach\`. It's on your App Home meanwhile.`;
    throw error;
  }
}
