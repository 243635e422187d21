import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { offerWords, type PendingStepOffer } from '../../../capture/stepOffers';
import { overLimitAsk } from '../../../comps/asks';
import { render, type Said, said } from '../../../conversation/catalogue';
import { ChannelPosts } from '../../../conversation/channelPosts';
import { offerFor, readThreadReply } from '../../../conversation/threadReplies';
import { reportError } from '../../../errors';
import { md } from '../blocks/text';
import { refreshCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';
import { SLACK_STYLE } from '../style';
import { approvalOffer } from './compApprovals';

export const STEP_OFFER_ACTIONS = { confirm: 'rc_step_offer_confirm', dismiss: 'rc_step_offer_dismiss' } as const;

interface ReplyEvent {
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

/**
 * Thread replies in plain words: staff reply in a slip's thread ("done, comped dessert", "guest happy now", "can't
 * reach them") and the person who wrote it is offered the matching step as a one-tap confirmation (an ephemeral
 * message with a button). Nothing is recorded until they tap it; the tap records the step as them, through the same
 * checks as the card's buttons, and updates the card.
 */
export function registerThreadReplies(app: App, deps: SlackDeps): void {
  const offers = deps.features?.stepOffers;
  if (!offers) return;
  const posts = new ChannelPosts(deps);
  app.event('message', async ({ event, body, client, context }) => {
    const reply = event as unknown as ReplyEvent;
    if (!isHumanThreadReply(reply, context.botUserId)) return;
    const tenant = slackTenant(context.teamId ?? (body as { team_id?: string }).team_id, context.enterpriseId);
    const eventId = (body as { event_id?: string }).event_id;
    try {
      // claimed once, and released when the work fails, so Slack's retry can finish it
      await posts.once(eventId ? { scope: `slack-reply:${tenant}`, id: eventId } : undefined, async () => {
        const slip = await deps.slips.findByMessage(tenant, reply.channel, reply.thread_ts!);
        // a private slip is not discussed in its thread (Teams skips it the same way)
        if (!slip?.cardRef || slip.private) return;
        const reading = readThreadReply(reply.text ?? '');
        const offer = offerFor(slip, reading);
        if (!offer) return;
        const pending: PendingStepOffer = {
          slipId: slip.id,
          user: reply.user!,
          channel: reply.channel,
          offer,
          ...(reading.gesture ? { gesture: reading.gesture } : {}),
        };
        const id = await offers.put(tenant, pending);
        const words = render(said('stepOffer', offerWords(pending)), SLACK_STYLE);
        await client.chat.postEphemeral({
          channel: reply.channel,
          user: reply.user!,
          thread_ts: reply.thread_ts,
          text: words,
          blocks: offerBlocks(words, id),
        });
      });
    } catch (error) {
      reportError(deps.log, error, { tenant, eventId, where: 'slack thread reply' });
    }
  });

  const pattern = new RegExp(`^(${Object.values(STEP_OFFER_ACTIONS).join('|')})$`);
  app.action<BlockAction<ButtonAction>>(pattern, async ({ ack, body, action, respond, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const answer = async (message: Said): Promise<void> => {
      await respond({ replace_original: true, text: render(message, SLACK_STYLE) }).catch(() => undefined);
    };
    let pending: PendingStepOffer | undefined;
    try {
      pending = await offers.take(tenant, action.value ?? '');
      if (!pending) return await answer(said('stepOfferGone'));
      // not a refused comp: someone else's offer is answered as such, never offered up for approval
      if (pending.user !== body.user.id) return await answer(said('stepOfferNotYours'));
      if (action.action_id === STEP_OFFER_ACTIONS.dismiss) return await answer(said('stepOfferDismissed'));
      let slip = await deps.service.get(tenant, pending.slipId);
      for (const step of pending.offer.actions) slip = await deps.service.act(tenant, slip.id, body.user.id, step);
      await refreshCard(client, deps, slip).catch((error) =>
        reportError(deps.log, error, { tenant, slipId: slip.id, where: 'card after thread reply' }),
      );
      await answer(said('stepRecorded', offerWords(pending)));
    } catch (error) {
      // a comp over the person's limit: offer to ask someone who may approve it, instead of a dead end
      const ask = pending && overLimitAsk(error, pending, pending.offer.actions);
      const offer = ask ? await approvalOffer(deps, tenant, ask).catch(() => undefined) : undefined;
      if (offer) {
        await refreshCardOf(client, deps, tenant, pending!.slipId);
        await respond({ replace_original: true, text: offer.text, blocks: offer.blocks }).catch(() => undefined);
        return;
      }
      await respond({
        replace_original: false,
        text: explain(deps.log, error, { tenant, where: 'thread reply confirm' }),
      }).catch(() => undefined);
    }
  });
}

/** The card after a partly recorded offer (the acknowledge before a refused comp). */
async function refreshCardOf(client: WebClient, deps: SlackDeps, tenant: string, slipId: string): Promise<void> {
  const slip = await deps.slips.get(tenant, slipId).catch(() => undefined);
  if (slip) await refreshCard(client, deps, slip).catch(() => undefined);
}

function isHumanThreadReply(reply: ReplyEvent, botUserId: string | undefined): boolean {
  if (reply.channel_type === 'im') return false;
  if (reply.subtype && reply.subtype !== 'file_share' && reply.subtype !== 'thread_broadcast') return false;
  if (reply.bot_id || !reply.user || reply.user === botUserId) return false;
  if (!reply.thread_ts || reply.thread_ts === reply.ts) return false;
  return typeof reply.text === 'string' && reply.text.trim() !== '';
}

function offerBlocks(words: string, id: string): KnownBlock[] {
  return [
    { type: 'section', text: md(words) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: STEP_OFFER_ACTIONS.confirm,
          style: 'primary',
          text: { type: 'plain_text', text: 'Yes, record it' },
          value: id,
        },
        {
          type: 'button',
          action_id: STEP_OFFER_ACTIONS.dismiss,
          text: { type: 'plain_text', text: 'No' },
          value: id,
        },
      ],
    },
  ];
}
