import type { ApprovalRequest } from '../../comps/approvals';
import type { RequestsSent } from '../../comps/askedWords';
import { render, said } from '../../conversation/catalogue';
import type { Style } from '../../conversation/style';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { cardMessage } from './cards';
import { requestCard } from './cards/compApproval';
import type { OutgoingActivity } from './connector';
import type { TeamsDeps } from './deps';
import { channelKey } from './references';

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
    const words = render(
      said('compRequestInChannel', { ...what, approvers: request.approvers, requester: request.requester }),
      style,
    );
    const ref = await deps.connector.send(
      thread,
      cardMessage({ text: words, card: requestCard(words, request.id, reasonLabel) }),
    );
    await features!.approvals.addMessage(request.tenant, request.id, {
      user: request.requester,
      channel: thread.conversationId,
      ref,
      inChannel: true,
    });
    return { where: 'channel', reached: request.approvers };
  }
  const words = render(said('compRequest', { ...what, requester: request.requester, slipText: slip.text }), style);
  const card = requestCard(words, request.id, reasonLabel);
  const reached = await Promise.all(
    request.approvers.map(async (approver) => {
      try {
        const sent = await messenger!.sendToPerson(request.tenant, approver, cardMessage({ text: words, card }));
        await features!.approvals.addMessage(request.tenant, request.id, {
          user: approver,
          channel: sent.channel,
          ref: sent.ts,
        });
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

/** The slip card's channel thread, or undefined when the card is not in a channel the bot knows. */
async function slipThread(deps: TeamsDeps, slip: Slip) {
  if (!slip.cardRef || slip.cardChannel) return undefined;
  const ref = await deps.refs.conversation(slip.tenant, channelKey(slip.channel));
  if (ref?.conversationType !== 'channel') return undefined;
  return { ...ref, conversationId: `${slip.channel};messageid=${slip.threadRef}` };
}
