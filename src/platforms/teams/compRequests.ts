import type { ApprovalRequest } from '../../comps/approvals';
import type { RequestsSent } from '../../comps/askedWords';
import { render, said } from '../../conversation/catalogue';
import type { Style } from '../../conversation/style';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { cardMessage, cardMessageMentioning } from './cards';
import { requestCard } from './cards/compApproval';
import type { OutgoingActivity } from './connector';
import type { TeamsDeps } from './deps';
import { channelKey, type TeamsPerson } from './references';
import { mentionOf, type TeamsMention } from './replies';
import { teamsMentionStyle } from './style';

type Message = ApprovalRequest['messages'][number];

/**
 * Sends an approval request where the playbook says (approvals.requestsIn): a card in each approver's 1:1 chat, or
 * one card in the slip's channel thread naming them. A slip whose card is not in a channel thread (a private one's,
 * one logged in a personal chat) goes by chat. An approver the bot cannot reach yet is skipped and logged; the
 * request escalates in time. Each message is remembered so it can say who answered. Returns where it went and whom
 * it reached (the asker is told at once when that is nobody).
 */
export async function sendRequests(
  deps: TeamsDeps,
  request: ApprovalRequest,
  slip: Slip,
  style: Style,
): Promise<RequestsSent> {
  const { features, messenger } = deps;
  const what = { gesture: request.gesture, cost: `${request.currency} ${request.cost}`, slipId: request.slipId };
  const reasonLabel = render(said('compDeclineReason'), style);
  const thread = request.askedIn === 'channel' && !slip.private ? await slipThread(deps, slip) : undefined;
  if (thread) {
    const inChannel = said('compRequestInChannel', {
      ...what,
      approvers: request.approvers,
      requester: request.requester,
    });
    const words = render(inChannel, style);
    // the message @mentions each approver Teams knows (so they are notified); the card below keeps plain words
    const mentions = await approverMentions(deps, request);
    const text = render(inChannel, teamsMentionStyle(style, new Map([...mentions].map(([id, m]) => [id, m.text]))));
    const ref = await deps.connector.send(
      thread,
      cardMessageMentioning({ text, card: requestCard(words, request.id, reasonLabel) }, [...mentions.values()]),
    );
    await features!.approvals.addMessage(request.tenant, request.id, {
      user: request.requester,
      channel: thread.conversationId,
      ref,
      inChannel: true,
    });
    return { where: 'channel', reached: request.approvers };
  }
  const words = render(
    said('compRequest', { ...what, requester: request.requester, ...(slip.private ? {} : { slipText: slip.text }) }),
    style,
  );
  const card = requestCard(words, request.id, reasonLabel);
  const reached = await Promise.all(
    request.approvers.map(async (approver) => {
      try {
        const sent = await messenger!.sendToPerson(request.tenant, approver, cardMessage({ text: words, card }));
        // bookkeeping only: the card went out, so the approver is reached whether or not it is remembered
        await features!.approvals
          .addMessage(request.tenant, request.id, { user: approver, channel: sent.channel, ref: sent.ts })
          .catch((error) =>
            reportError(deps.log, error, {
              tenant: request.tenant,
              slipId: request.slipId,
              where: 'remember teams comp request',
            }),
          );
        return [approver];
      } catch (error) {
        // one approver out of reach (never used the bot) does not stop the others; nobody reached is told at once
        reportError(deps.log, error, { tenant: request.tenant, where: 'teams comp request' });
        return [];
      }
    }),
  );
  return { where: 'dm', reached: reached.flat() };
}

/** Replaces a request message with its answer: in an approver's 1:1 chat, or in the slip's thread. */
export async function updateRequest(
  deps: TeamsDeps,
  tenant: string,
  message: Message,
  activity: OutgoingActivity,
): Promise<void> {
  if (!message.inChannel)
    return deps.messenger!.updateForPerson(
      tenant,
      message.user,
      { channel: message.channel, ts: message.ref },
      activity,
    );
  const known = await deps.refs.conversation(tenant, channelKey(message.channel.split(';')[0]!));
  if (known) await deps.connector.update({ ...known, conversationId: message.channel }, message.ref, activity);
}

/** Each approver's @mention, by the id the core stores them under; one Teams has never seen has none. */
async function approverMentions(deps: TeamsDeps, request: ApprovalRequest): Promise<Map<string, TeamsMention>> {
  const known = await deps.refs.people(request.tenant, request.approvers).catch((error) => {
    reportError(deps.log, error, { tenant: request.tenant, where: 'teams comp request mentions' });
    return new Map<string, TeamsPerson>();
  });
  const mentions = new Map<string, TeamsMention>();
  for (const approver of request.approvers) {
    const person = known.get(approver);
    if (person?.teamsId) mentions.set(approver, mentionOf({ id: person.teamsId, name: person.name }, 'a manager'));
  }
  return mentions;
}

/** The slip card's channel thread, or undefined when the card is not in a channel the bot knows. */
async function slipThread(deps: TeamsDeps, slip: Slip) {
  if (!slip.cardRef || slip.cardChannel) return undefined;
  const ref = await deps.refs.conversation(slip.tenant, channelKey(slip.channel));
  if (ref?.conversationType !== 'channel') return undefined;
  return { ...ref, conversationId: `${slip.channel};messageid=${slip.threadRef}` };
}
