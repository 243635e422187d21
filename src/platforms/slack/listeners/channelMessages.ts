import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { reportError, toAppError } from '../../../errors';
import { readChannelMessage } from '../../../slips/tailoring';
import { postCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';

/** How long a Slack event id is remembered for de-duplication (Slack retries within minutes). */
const EVENT_TTL_SECONDS = 6 * 60 * 60;

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
 * Messages in watched shift channels. Only top-level messages from people make slips: not our own, not other bots',
 * not thread replies. An edit of a message that made a slip updates the slip's text (never a second slip);
 * a deletion leaves the slip (and its guest history) in place. Slack's retries are de-duplicated on event_id (claimed
 * before the work, released when it fails so the retry can finish it); the slip itself is unique per message.
 */
export function registerChannelMessages(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    const message = event as unknown as MessageEvent;
    if (message.channel_type === 'im') return;
    const tenant = slackTenant(context.teamId ?? (body as { team_id?: string }).team_id, context.enterpriseId);
    const eventId = (body as { event_id?: string }).event_id;
    try {
      if (eventId && !(await deps.once.first(`slack-event:${tenant}`, eventId, EVENT_TTL_SECONDS))) {
        deps.log.info({ tenant, eventId, retry: context.retryNum }, 'duplicate Slack event ignored');
        return;
      }
      if (message.subtype === 'message_changed') return await onEdited(deps, tenant, message);
      if (!isTopLevelHumanMessage(message, context.botUserId)) return;
      const incoming = {
        tenant,
        platform: 'slack' as const,
        channel: message.channel,
        messageRef: message.ts,
        threadRef: message.ts,
        user: message.user!,
        text: message.text ?? '',
      };
      const result = await readChannelMessage(deps.service, deps.tailoring, incoming);
      // a retry after a failed post finds the slip without a card: post it now
      if (result.kind !== 'reported' || (!result.created && result.slip.cardRef)) return;
      await postCard(client, deps, result.slip, message.user!);
      deps.log.info({ tenant, eventId, slipId: result.slip.id, category: result.slip.categoryId }, 'slip carded');
    } catch (error) {
      const appError = reportError(deps.log, error, { tenant, eventId, where: 'slack message' });
      // let Slack's retry of this event through
      if (eventId) await deps.once.forget(`slack-event:${tenant}`, eventId).catch(() => undefined);
      if (appError.code === 'STORE_UNAVAILABLE') await tellTrouble(client, tenant, message, deps);
    }
  });
}

function isTopLevelHumanMessage(message: MessageEvent, botUserId: string | undefined): boolean {
  if (message.subtype && message.subtype !== 'file_share' && message.subtype !== 'thread_broadcast') return false;
  if (message.bot_id || !message.user || message.user === botUserId) return false;
  if (message.thread_ts && message.thread_ts !== message.ts && message.subtype !== 'thread_broadcast') return false;
  return typeof message.text === 'string' && message.text.trim() !== '';
}

async function onEdited(deps: SlackDeps, tenant: string, event: MessageEvent): Promise<void> {
  const edited = event.message;
  if (!edited?.user || edited.bot_id) return;
  await deps.service.onMessageEdited({
    tenant,
    platform: 'slack',
    channel: event.channel,
    messageRef: edited.ts,
    user: edited.user,
    text: edited.text ?? '',
  });
}

/**
 * Redis is down: we cannot know whether this was a slip, so we only speak up when the message reads like one to a
 * detector compiled from the last playbook we saw, and we say plainly that nothing was saved.
 */
async function tellTrouble(client: WebClient, tenant: string, message: MessageEvent, deps: SlackDeps): Promise<void> {
  if (!message.user || message.bot_id || (message.thread_ts && message.thread_ts !== message.ts)) return;
  if (!deps.service.looksLikeSlipOffline(tenant, message.text ?? '')) return;
  try {
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.ts,
      text: `<@${message.user}> I'm having trouble reaching my storage, so I couldn't log this slip. Please try again in a minute with /recover.`,
    });
  } catch (error) {
    deps.log.warn({ code: toAppError(error).code }, 'could not tell the channel about the outage');
  }
}
