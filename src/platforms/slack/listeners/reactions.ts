import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Capture, type ReactedMessage } from '../../../capture/capture';
import { ChannelPosts } from '../../../conversation/channelPosts';
import { postCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';

interface ReactionAddedEvent {
  type: 'reaction_added';
  user: string;
  reaction: string;
  item_user?: string;
  item: { type: string; channel?: string; ts?: string };
}

interface HistoryMessage {
  ts?: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
}

/**
 * One-gesture capture in Slack: the workspace's capture emoji (`:sos:` unless a manager set another with
 * `/recover capture :emoji:`) on a message in a watched channel logs it as a slip, with the card in that message's
 * thread addressed to the person who reacted (capture/capture.ts). The message is read back with
 * conversations.history (or .replies for a thread reply): channels:history / groups:history. Slack's retries are
 * de-duplicated on event_id; a second reaction finds the one slip.
 */
export function registerReactions(app: App, deps: SlackDeps): void {
  const settings = deps.features?.capture;
  if (!settings) return;
  const capture = new Capture({ service: deps.service, settings, channels: deps.channels, once: deps.once });
  const posts = new ChannelPosts(deps);
  app.event('reaction_added', async ({ event, body, client, context }) => {
    const reacted = event as unknown as ReactionAddedEvent;
    const { channel, ts } = reacted.item;
    if (reacted.item.type !== 'message' || !channel || !ts) return;
    const tenant = slackTenant(context.teamId ?? (body as { team_id?: string }).team_id, context.enterpriseId);
    const eventId = (body as { event_id?: string }).event_id;
    try {
      await posts.once(eventId ? { scope: `slack-event:${tenant}`, id: eventId } : undefined, async () => {
        if (reacted.user === context.botUserId) return;
        const slip = await capture.fromReaction(
          { tenant, platform: 'slack', channel, messageRef: ts, reactor: reacted.user, reaction: reacted.reaction },
          () => readMessage(client, channel, ts, context.botUserId),
        );
        if (!slip) return;
        try {
          await postCard(client, deps, slip, reacted.user);
        } catch (error) {
          await capture.cardFailed(slip);
          throw error;
        }
        posts.carded(slip, { eventId, capturedBy: 'reaction' });
      });
    } catch (error) {
      posts.failed(error, { tenant, text: '' }, { eventId, where: 'slack reaction' });
    }
  });
}

/** The reacted message: a top-level one from the channel's history, else a thread reply from its thread. */
async function readMessage(
  client: WebClient,
  channel: string,
  ts: string,
  botUserId: string | undefined,
): Promise<ReactedMessage | undefined> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  let found = (history.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts);
  if (!found) {
    const replies = await client.conversations.replies({ channel, ts, latest: ts, inclusive: true, limit: 1 });
    found = (replies.messages as HistoryMessage[] | undefined)?.find((m) => m.ts === ts);
  }
  if (!found) return undefined;
  return {
    text: found.text ?? '',
    threadRef: found.thread_ts && found.thread_ts !== ts ? found.thread_ts : undefined,
    author: found.user,
    fromBot: Boolean(found.bot_id) || (botUserId !== undefined && found.user === botUserId),
  };
}
