import { render, said } from '../../conversation/catalogue';
import { ChannelPosts } from '../../conversation/channelPosts';
import { Conversation } from '../../conversation/conversation';
import { toAppError, userMessage } from '../../errors';
import {
  channelOf,
  cleanText,
  isTopLevelPost,
  mentionsBot,
  personOf,
  referenceOf,
  type TeamsActivity,
  teamsTenant,
  threadRootOf,
} from './activity';
import { cardActivity, cardPosted } from './cards';
import { runCommand } from './commands';
import { compApprovalPress } from './compApprovals';
import type { InvokeResult, Turn, TurnLogic } from './connector';
import type { TeamsDeps } from './deps';
import { onCardAction } from './invokes';
import { onMessageAction } from './messageAction';
import { deliverPrivately } from './privateSlips';
import { channelKey, personalKey } from './references';
import { addressed } from './replies';
import { teamsStyle } from './style';
import { offerStepInThread, stepOfferPress } from './threadReplies';

/**
 * One Teams turn: remember where people and channels are (for proactive messages), then route. Channel posts in
 * watched channels may become slips; @mentions and personal chats are commands; card buttons are invokes.
 * Nothing here throws: failures are logged with their code and answered with a short "try again".
 */
export function teamsTurn(deps: TeamsDeps): TurnLogic {
  // built once, as Slack's listeners build theirs at registration
  const posts = new ChannelPosts(deps);
  const conversation = new Conversation(deps);
  return async (turn) => {
    const activity = turn.activity;
    const tenant = teamsTenant(activity);
    if (!tenant) return activity.type === 'invoke' ? { status: 400 } : undefined;
    await remember(deps, tenant, activity).catch((error) =>
      deps.log.warn({ tenant, code: toAppError(error).code }, 'could not refresh Teams references'),
    );
    try {
      switch (activity.type) {
        case 'message':
          return await onMessage(deps, { posts, conversation }, turn, tenant);
        case 'messageUpdate':
          return await onEdited(deps, tenant, activity);
        case 'invoke':
          return await onInvoke(deps, turn, tenant);
        case 'conversationUpdate':
          return await onConversationUpdate(turn);
        default:
          return undefined;
      }
    } catch (error) {
      const failure = posts.failed(error, postOf(activity, tenant), {
        where: `teams ${activity.type}`,
      });
      if (activity.type === 'invoke') return { status: 500 };
      if (activity.type !== 'message') return undefined;
      if (failure.say) await turn.send(addressed(activity, render(failure.say, TEAMS_PLAIN))).catch(() => undefined);
      // a refused or invalid command ("Only managers can watch channels.") is said to the person who asked
      else if (failure.error.isUserFacing && failure.error.code !== 'STORE_UNAVAILABLE')
        await turn
          .send({ type: 'message', text: userMessage(failure.error), textFormat: 'plain' })
          .catch(() => undefined);
      return undefined;
    }
  };
}

/** A message as the channel-message flow sees it when it failed: is it addressed to the bot, what does it say. */
function postOf(activity: TeamsActivity, tenant: string): { tenant: string; text: string; direct: boolean } {
  if (activity.type !== 'message') return { tenant, text: '', direct: false };
  const direct = !channelOf(activity) || mentionsBot(activity);
  return { tenant, text: direct || isTopLevelPost(activity) ? cleanText(activity) : '', direct };
}

/** Teams words for no one in particular (a greeting, an outage note). */
const TEAMS_PLAIN = teamsStyle(() => undefined);

/** Card buttons (Action.Execute) and the "Recover from this message" action; anything else is not ours (501). */
async function onInvoke(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult> {
  const name = turn.activity.name;
  if (name === 'adaptiveCard/action')
    return (
      (await stepOfferPress(deps, turn, tenant)) ??
      (await compApprovalPress(deps, turn, tenant)) ??
      onCardAction(deps, turn, tenant)
    );
  if (name === 'composeExtension/fetchTask' || name === 'composeExtension/submitAction')
    return onMessageAction(deps, turn, tenant);
  return { status: 501 };
}

async function onMessage(
  deps: TeamsDeps,
  { posts, conversation }: { posts: ChannelPosts; conversation: Conversation },
  turn: Turn,
  tenant: string,
): Promise<InvokeResult | undefined> {
  const activity = turn.activity;
  // our own posts and other bots' ("28:…" ids) never make slips
  if (activity.from.id === activity.recipient.id || activity.from.id.startsWith('28:')) return undefined;
  if (activity.value && !activity.text) return undefined; // an old-style card submit: our cards use Action.Execute
  const delivery = activity.id
    ? { scope: `teams-activity:${tenant}`, id: `${activity.conversation.id}|${activity.id}` }
    : undefined;
  let answer: InvokeResult | undefined;
  await posts.once(delivery, async () => {
    const text = cleanText(activity);
    const channel = channelOf(activity);
    if (!channel || mentionsBot(activity)) {
      answer = await runCommand(deps, conversation, turn, tenant, text);
      return;
    }
    if (!isTopLevelPost(activity))
      return text
        ? offerStepInThread(deps, turn, tenant, channel, threadRootOf(activity), personOf(activity.from), text)
        : undefined;
    if (!text) return;
    const root = threadRootOf(activity) ?? activity.id ?? '';
    const slip = await posts.slipToCard({
      tenant,
      platform: 'teams',
      channel,
      messageRef: activity.id ?? root,
      threadRef: root,
      user: personOf(activity.from),
      text,
    });
    if (!slip) return;
    if (slip.private) return void (await deliverPrivately(deps, slip, (a) => turn.send(a)));
    const posted = await turn.send(await cardActivity(deps, slip, addressed(activity)));
    await cardPosted(deps, slip, posted, root);
    posts.carded(slip);
  });
  return answer;
}

/** A channel message edited in Teams: a slip made from it takes the new words (never a second slip). */
async function onEdited(deps: TeamsDeps, tenant: string, activity: TeamsActivity): Promise<undefined> {
  const channel = channelOf(activity);
  if (!channel || !activity.id || activity.from.id.startsWith('28:')) return undefined;
  await deps.service.onMessageEdited({
    tenant,
    platform: 'teams',
    channel,
    messageRef: activity.id,
    user: personOf(activity.from),
    text: cleanText(activity),
  });
  return undefined;
}

/** The bot added to a team or a personal chat: say hello once, with what to do next. */
async function onConversationUpdate(turn: Turn): Promise<undefined> {
  const activity = turn.activity;
  const added = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
  if (!added) return undefined;
  await turn.send({
    type: 'message',
    textFormat: 'plain',
    text: render(channelOf(activity) !== undefined ? said('greeting') : said('help', { where: 'teams' }), TEAMS_PLAIN),
  });
  return undefined;
}

/**
 * Where this activity came from, saved for later: the channel (and its team) or the personal chat, and the person
 * by the id the core stores (so a reminder can reach them by DM).
 */
async function remember(deps: TeamsDeps, tenant: string, activity: TeamsActivity): Promise<void> {
  const channel = channelOf(activity);
  const base = channel ?? activity.conversation.id.split(';')[0]!;
  const ref = referenceOf(activity, base);
  const writes: Array<Promise<void>> = [deps.refs.saveConversation(tenant, channelKey(base), ref)];
  if (activity.conversation.conversationType === 'personal')
    writes.push(deps.refs.saveConversation(tenant, personalKey(personOf(activity.from)), ref));
  if (!activity.from.id.startsWith('28:'))
    writes.push(
      deps.refs.savePerson(tenant, personOf(activity.from), {
        teamsId: activity.from.id,
        name: activity.from.name ?? '',
      }),
    );
  const team = activity.channelData?.team?.id;
  if (team) writes.push(deps.refs.saveTeam(tenant, team, ref));
  await Promise.all(writes);
}
