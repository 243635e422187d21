import { reportError, toAppError, userMessage } from '../../errors';
import { readChannelMessage } from '../../slips/tailoring';
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
import { cardActivity, tailorLater } from './cards';
import { runCommand } from './commands';
import type { InvokeResult, Turn, TurnLogic } from './connector';
import type { TeamsDeps } from './deps';
import { onCardAction } from './invokes';
import { onMessageAction } from './messageAction';
import { channelKey, personalKey } from './references';
import { addressed, TEAMS_HELP } from './replies';

/** How long an activity id is remembered (the Bot Framework may redeliver one that timed out). */
const ACTIVITY_TTL_SECONDS = 6 * 60 * 60;

/**
 * One Teams turn: remember where people and channels are (for proactive messages), then route. Channel posts in
 * watched channels may become slips; @mentions and personal chats are commands; card buttons are invokes.
 * Nothing here throws: failures are logged with their code and answered with a short "try again".
 */
export function teamsTurn(deps: TeamsDeps): TurnLogic {
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
          return await onMessage(deps, turn, tenant);
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
      const appError = reportError(deps.log, error, { tenant, where: `teams ${activity.type}` });
      if (activity.type === 'invoke') return { status: 500 };
      if (activity.type !== 'message') return undefined;
      if (appError.code === 'STORE_UNAVAILABLE') await tellTrouble(deps, turn, tenant);
      // a refused or invalid command ("Only managers can watch channels.") is said to the person who asked
      else if (appError.isUserFacing)
        await turn.send({ type: 'message', text: userMessage(appError), textFormat: 'plain' }).catch(() => undefined);
      return undefined;
    }
  };
}

/** Card buttons (Action.Execute) and the "Recover from this message" action; anything else is not ours (501). */
async function onInvoke(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult> {
  const name = turn.activity.name;
  if (name === 'adaptiveCard/action') return onCardAction(deps, turn, tenant);
  if (name === 'composeExtension/fetchTask' || name === 'composeExtension/submitAction')
    return onMessageAction(deps, turn, tenant);
  return { status: 501 };
}

async function onMessage(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult | undefined> {
  const activity = turn.activity;
  // our own posts and other bots' ("28:…" ids) never make slips
  if (activity.from.id === activity.recipient.id || activity.from.id.startsWith('28:')) return undefined;
  if (activity.value && !activity.text) return undefined; // an old-style card submit: our cards use Action.Execute
  const scope = `teams-activity:${tenant}`;
  const id = `${activity.conversation.id}|${activity.id ?? ''}`;
  if (activity.id && !(await deps.once.first(scope, id, ACTIVITY_TTL_SECONDS))) return undefined;
  try {
    const text = cleanText(activity);
    const channel = channelOf(activity);
    if (!channel) return await runCommand(deps, turn, tenant, text);
    if (mentionsBot(activity)) return await runCommand(deps, turn, tenant, text);
    if (!isTopLevelPost(activity) || !text) return undefined;
    const root = threadRootOf(activity) ?? activity.id ?? '';
    const incoming = {
      tenant,
      platform: 'teams' as const,
      channel,
      messageRef: activity.id ?? root,
      threadRef: root,
      user: personOf(activity.from),
      text,
    };
    const result = await readChannelMessage(deps.service, deps.tailoring, incoming);
    if (result.kind !== 'reported' || (!result.created && result.slip.cardRef)) return undefined;
    const posted = await turn.send(await cardActivity(deps, result.slip, addressed(activity)));
    if (posted) tailorLater(deps, await deps.service.attachCard(tenant, result.slip.id, posted, root));
    deps.log.info({ tenant, slipId: result.slip.id, category: result.slip.categoryId }, 'slip carded');
    return undefined;
  } catch (error) {
    // let a redelivery of this activity through
    if (activity.id) await deps.once.forget(scope, id).catch(() => undefined);
    throw error;
  }
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
    text:
      channelOf(activity) !== undefined
        ? "Hi, I'm recovery-coach. A manager can @mention me with **watch** in a shift channel, and I'll reply to guest slips posted there with a recovery card."
        : TEAMS_HELP,
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

/**
 * Redis is down: we cannot know whether this was a slip, so we only speak up when the message reads like one to a
 * detector compiled from the last playbook we saw, and we say plainly that nothing was saved.
 */
async function tellTrouble(deps: TeamsDeps, turn: Turn, tenant: string): Promise<void> {
  const activity = turn.activity;
  const text = cleanText(activity);
  const direct = !channelOf(activity) || mentionsBot(activity);
  if (!direct && (!isTopLevelPost(activity) || !deps.service.looksLikeSlipOffline(tenant, text))) return;
  await turn
    .send(
      addressed(
        activity,
        "I'm having trouble reaching my storage, so I couldn't log this. Please try again in a minute.",
      ),
    )
    .catch(() => undefined);
}
