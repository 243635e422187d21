import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { render } from '../../../conversation/catalogue';
import { ChannelPosts } from '../../../conversation/channelPosts';
import { toAppError } from '../../../errors';
import { postCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { SLACK_STYLE } from '../style';

interface MessageEvent {
  type: 'message';
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  message?: MessageEvent;
  previous_message?: MessageEvent;
}

/**
 * Messages in watched shift channels, through the one channel-message flow (conversation/channelPosts.ts). Only
 * top-level messages from people make slips: not our own, not other bots', not thread replies. An edit of a message
 * that made a slip updates the slip's text (never a second slip); a deletion leaves the slip (and its guest history)
 * in place. Slack's retries are de-duplicated on event_id.
 */
export function registerChannelMessages(app: App, deps: SlackDeps): void {
  const posts = new ChannelPosts(deps);
  app.event('message', async ({ event, body, client, context }) => {
    const message = event as unknown as MessageEvent;
    if (message.channel_type === 'im') return;
    const tenant = slackTenant(context.teamId ?? (body as { team_id?: string }).team_id, context.enterpriseId);
    const eventId = (body as { event_id?: string }).event_id;
    // thread replies, bots and joins are none of this flow's business: no Redis claim for them
    if (message.subtype !== 'message_changed' && !isTopLevelHumanMessage(message, context.botUserId)) return;
    try {
      const fresh = await posts.once(
        eventId ? { scope: `slack-event:${tenant}`, id: eventId } : undefined,
        async () => {
          if (message.subtype === 'message_changed') return await onEdited(posts, tenant, message);
          if (!isTopLevelHumanMessage(message, context.botUserId)) return;
          const slip = await posts.slipToCard({
            tenant,
            platform: 'slack',
            channel: message.channel,
            messageRef: message.ts,
            threadRef: message.ts,
            user: message.user!,
            text: message.text ?? '',
          });
          if (!slip) return;
          await postCard(client, deps, slip, message.user!);
          posts.carded(slip, { eventId });
        },
      );
      if (!fresh) deps.log.info({ tenant, eventId, retry: context.retryNum }, 'duplicate Slack event ignored');
    } catch (error) {
      const topLevel = isTopLevelHumanMessage(message, context.botUserId);
      const failure = posts.failed(
        error,
        { tenant, text: topLevel ? (message.text ?? '') : '' },
        {
          eventId,
          where: 'slack message',
        },
      );
      if (failure.say && topLevel) await tellTrouble(client, message, render(failure.say, SLACK_STYLE), deps);
    }
  });
}

function isTopLevelHumanMessage(message: MessageEvent, botUserId: string | undefined): boolean {
  if (message.subtype && message.subtype !== 'file_share' && message.subtype !== 'thread_broadcast') return false;
  if (message.bot_id || !message.user || message.user === botUserId) return false;
  if (message.thread_ts && message.thread_ts !== message.ts && message.subtype !== 'thread_broadcast') return false;
  return typeof message.text === 'string' && message.text.trim() !== '';
}

async function onEdited(posts: ChannelPosts, tenant: string, event: MessageEvent): Promise<void> {
  const edited = event.message;
  if (!edited?.user || edited.bot_id) return;
  await posts.edited({
    tenant,
    platform: 'slack',
    channel: event.channel,
    messageRef: edited.ts,
    user: edited.user,
    text: edited.text ?? '',
  });
}

/** Storage is down and the message reads like a slip: say so in its thread, addressed to the poster. */
async function tellTrouble(client: WebClient, message: MessageEvent, words: string, deps: SlackDeps): Promise<void> {
  try {
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.ts,
      text: `<@${message.user}> ${words}`,
    });
  } catch (error) {
    deps.log.warn({ code: toAppError(error).code }, 'could not tell the channel about the outage');
  }
}
