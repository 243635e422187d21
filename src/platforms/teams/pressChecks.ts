import { createHash } from 'node:crypto';
import { render, said } from '../../conversation/catalogue';
import { PLAIN_STYLE } from '../../conversation/style';
import { AppError, reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { channelOf } from './activity';
import type { Turn } from './connector';
import type { TeamsDeps } from './deps';

/*
 * What a card press must pass before it acts: a signed invoke is authentic, not trusted. Each check compares the ids
 * in the payload with what the server knows (the press's own id, the conversation it came from, the presser).
 */

/**
 * How long a press is remembered. The Bot Framework redelivers an invoke it thinks was lost within seconds to
 * minutes; a day also outlasts any copy of a request someone could send again.
 */
const PRESS_TTL_SECONDS = 24 * 60 * 60;

/**
 * A press, by its activity: Teams gives every invoke its own id, and a redelivery keeps it. Without an id (never
 * from Teams), the whole activity stands for itself.
 */
export function pressId(turn: Turn): string {
  const { activity } = turn;
  const own = activity.id ?? createHash('sha256').update(JSON.stringify(activity)).digest('base64url');
  return `${activity.conversation.id}|${own}`;
}

/** True the first time a press arrives. Redis being down is not a replay: the press itself then fails and says so. */
export async function firstDelivery(deps: TeamsDeps, scope: string, press: string): Promise<boolean> {
  return deps.once.first(scope, press, PRESS_TTL_SECONDS).catch((error) => {
    reportError(deps.log, error, { where: 'teams invoke replay guard' });
    return true;
  });
}

/**
 * Who may see a slip's card: a private slip's reporter, owner and the managers (who get its copies); any other
 * slip's reporter and owner, anyone pressing from its channel, and shift leads and managers.
 */
export async function mayViewCard(deps: TeamsDeps, turn: Turn, slip: Slip, actor: string): Promise<boolean> {
  if (actor === slip.reporter || actor === slip.owner) return true;
  if (slip.private) return deps.permissions.isManager(slip.tenant, actor);
  if (channelOf(turn.activity) === slip.channel) return true;
  return (await deps.permissions.permissionOf(slip.tenant, actor)) !== 'staff';
}

/**
 * "Take this" (on a handoff, or on a follow-up reminder handed to the shift on duty) makes the presser the slip's
 * owner, so the press is checked as Slack's is: it comes from the slip's own channel conversation (both are posted
 * there; a press from a personal chat, another channel or another tenant names no such conversation), and that
 * channel is still watched. The slip was found in the presser's own tenant (ids are per tenant): another tenant's
 * slip of the same number is never reached.
 */
export async function requireMayTake(deps: TeamsDeps, turn: Turn, slip: Slip): Promise<void> {
  if (channelOf(turn.activity) !== slip.channel) throw new AppError('NOT_FOUND', `There is no slip #${slip.id}.`);
  if (!(await deps.channels.isWatched(slip.tenant, slip.channel)))
    throw new AppError('FORBIDDEN', render(said('channelNotWatched'), PLAIN_STYLE));
}

/**
 * A reminder's other buttons, as in Slack: its owner answers from anywhere (the reminder is in their personal chat),
 * anyone in the slip's channel from a reminder in its thread, and shift leads and managers from anywhere. Anyone
 * else (a crafted press naming a slip by its id from their own chat) changes nothing.
 */
export async function requireMayAnswer(deps: TeamsDeps, turn: Turn, slip: Slip, actor: string): Promise<void> {
  if (actor === slip.owner || channelOf(turn.activity) === slip.channel) return;
  await deps.permissions.require(slip.tenant, actor, 'lead', `answer slip #${slip.id}'s follow-up`);
}
