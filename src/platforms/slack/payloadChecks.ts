import type { WebClient } from '@slack/web-api';
import { render, said } from '../../conversation/catalogue';
import { PLAIN_STYLE } from '../../conversation/style';
import { AppError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { type SlackDeps, teamOfTenant } from './deps';
import { slackApiError } from './errors';

/**
 * Checks of the ids inside a signed interactive payload against what the server knows. Slack signs the request;
 * the ids in it (a slip number, a channel, a person) are still only claims: each is checked here before anything
 * changes, so a crafted or misrouted press (a Slack Connect workspace, an Enterprise Grid org, a replayed DM button)
 * is refused and changes nothing.
 */

/** Where a button was pressed, as Slack reports it. */
export interface PressedOn {
  user: string;
  /** The channel of the message the button was on (undefined for App Home). */
  channel?: string;
  /** The message the button was on. */
  messageTs?: string;
}

/** A payload's own account of where the press happened. */
export function pressedOn(body: {
  user: { id: string };
  channel?: { id?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string };
  message?: { ts?: string };
}): PressedOn {
  const onMessage = body.container?.type === 'message';
  return {
    user: body.user.id,
    channel: onMessage ? (body.channel?.id ?? body.container?.channel_id) : undefined,
    messageTs: onMessage ? (body.message?.ts ?? body.container?.message_ts) : undefined,
  };
}

/**
 * A card button acts only on the slip whose card it is on: the slip lives in that channel and its card is that
 * message. Another workspace's slip of the same number is "not found", never acted on. A press that is on no
 * message is an App Home press, and App Home shows each person their own open slips: it acts only on a slip the
 * presser owns (a crafted press on someone else's, or a stale Home after a reassign, changes nothing).
 */
export function requireOwnCard(slip: Slip, at: PressedOn): void {
  if (at.channel === undefined) {
    if (slip.owner !== at.user)
      throw new AppError('FORBIDDEN', `Slip #${slip.id} is not yours: use its card in the channel.`);
    return;
  }
  // a private slip's card lives in the reporter's DM (cardChannel): its buttons act there
  if (!(slip.cardChannel !== undefined && at.channel === slip.cardChannel)) requireSlipInChannel(slip, at);
  if (slip.cardRef !== undefined && slip.cardRef !== at.messageTs)
    throw new AppError('NOT_FOUND', `There is no slip #${slip.id}.`);
}

/** A button on a channel message acts only on a slip of that channel. */
export function requireSlipInChannel(slip: Slip, at: PressedOn): void {
  if (at.channel !== undefined && slip.channel !== at.channel)
    throw new AppError('NOT_FOUND', `There is no slip #${slip.id}.`);
}

/**
 * "Take this" (on a handoff, or on a follow-up reminder handed to the shift on duty) makes the presser the slip's
 * owner, so each claim in the press is checked: it is on a message in the slip's own channel (both are posted
 * there; a press from App Home, a DM or another workspace names no such message), that channel is still watched,
 * and the presser is a live member of this workspace (not someone from another organisation in a shared channel).
 */
export async function requireMayTake(deps: SlackDeps, client: WebClient, slip: Slip, at: PressedOn): Promise<void> {
  if (at.channel === undefined || at.channel !== slip.channel)
    throw new AppError('NOT_FOUND', `There is no slip #${slip.id}.`);
  if (!(await deps.channels.isWatched(slip.tenant, slip.channel)))
    throw new AppError('FORBIDDEN', render(said('channelNotWatched'), PLAIN_STYLE));
  await requireMember(client, slip.tenant, at.user, 'Only people in this workspace can take its slips.');
}

/**
 * A reminder's buttons: its owner answers from the DM, anyone in the slip's channel from a reminder in its thread
 * (or a handover to the shift), and shift leads and managers from anywhere.
 */
export async function requireMayAnswer(deps: SlackDeps, slip: Slip, at: PressedOn): Promise<void> {
  if (at.user === slip.owner || (at.channel !== undefined && at.channel === slip.channel)) return;
  await deps.permissions.require(slip.tenant, at.user, 'lead', `answer slip #${slip.id}'s follow-up`);
}

/**
 * A person named in a payload (picked, or pressing) must be a live member of this workspace (or its Enterprise Grid
 * org): not a bot, not deactivated, not someone from another organisation in a shared channel. `refusal` is what
 * they are told otherwise.
 */
export async function requireMember(
  client: WebClient,
  tenant: string,
  user: string,
  refusal = 'Pick someone from this workspace.',
): Promise<void> {
  const refuse = () => new AppError('BAD_INPUT', refusal, { details: { tenant } });
  if (!/^[UW][A-Z0-9]+$/.test(user)) throw refuse();
  const info = await client.users.info({ user }).catch((error) => {
    const failure = slackApiError(error);
    // Slack does not know them: not a member. Anything else (a 429, an outage) is "try again", not "pick someone else"
    if (failure.details.slackError === 'user_not_found') return undefined;
    throw failure;
  });
  const found = info?.user as
    | { deleted?: boolean; is_bot?: boolean; team_id?: string; enterprise_user?: { enterprise_id?: string } }
    | undefined;
  if (!found || found.deleted || found.is_bot) throw refuse();
  const ours = teamOfTenant(tenant);
  if (found.team_id && found.team_id !== ours && found.enterprise_user?.enterprise_id !== ours) throw refuse();
}

/**
 * "Post now" posts a handoff to the channel it previews: a watched channel, and the one the preview was shown in
 * unless a manager asks.
 */
export async function requireMayPostHandoff(
  deps: SlackDeps,
  tenant: string,
  channel: string,
  at: PressedOn,
): Promise<void> {
  if (!(await deps.channels.isWatched(tenant, channel)))
    throw new AppError('FORBIDDEN', "I don't watch that channel, so I can't post its handoff.");
  if (at.channel !== channel) await deps.permissions.require(tenant, at.user, 'manager', 'post a handoff elsewhere');
}
