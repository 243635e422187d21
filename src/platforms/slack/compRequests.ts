import type { WebClient } from '@slack/web-api';
import type { ApprovalRequest } from '../../comps/approvals';
import type { RequestsSent } from '../../comps/askedWords';
import { render, said } from '../../conversation/catalogue';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { requestBlocks } from './blocks/compApprovals';
import type { SlackDeps } from './deps';
import { SLACK_STYLE } from './style';

/**
 * Sends an approval request where the playbook says (approvals.requestsIn): a DM to each approver, or one message
 * in the slip's channel thread naming them (a slip whose card is not in its channel, a private one's, goes by DM).
 * Each message is remembered so it can say who answered. An approver who cannot be messaged is logged and skipped.
 * Returns where it went and whom it reached.
 */
export async function sendRequests(
  client: WebClient,
  deps: SlackDeps,
  request: ApprovalRequest,
  slip: Slip,
): Promise<RequestsSent> {
  const what = { gesture: request.gesture, cost: `${request.currency} ${request.cost}`, slipId: request.slipId };
  const reasonLabel = render(said('compDeclineReason'), SLACK_STYLE);
  // bookkeeping only: a message that went out reached its reader whether or not it is remembered (logged if not)
  const remember = (message: ApprovalRequest['messages'][number]) =>
    deps.features!.approvals.addMessage(request.tenant, request.id, message).catch((error) =>
      reportError(deps.log, error, {
        tenant: request.tenant,
        slipId: request.slipId,
        where: 'remember comp request',
      }),
    );
  if (request.askedIn === 'channel' && !slip.private && !slip.cardChannel) {
    const words = render(
      said('compRequestInChannel', { ...what, approvers: request.approvers, requester: request.requester }),
      SLACK_STYLE,
    );
    const posted = await client.chat.postMessage({
      channel: slip.channel,
      thread_ts: slip.threadRef,
      text: words,
      blocks: requestBlocks(words, request.id, reasonLabel),
    });
    await remember({
      user: request.requester,
      channel: String(posted.channel ?? slip.channel),
      ref: String(posted.ts),
      inChannel: true,
    });
    return { where: 'channel', reached: request.approvers };
  }
  const words = render(
    said('compRequest', { ...what, requester: request.requester, ...(slip.private ? {} : { slipText: slip.text }) }),
    SLACK_STYLE,
  );
  const reached = await Promise.all(
    request.approvers.map(async (approver) => {
      try {
        const dm = await client.conversations.open({ users: approver });
        const channel = String(dm.channel?.id ?? approver);
        const posted = await client.chat.postMessage({
          channel,
          text: words,
          blocks: requestBlocks(words, request.id, reasonLabel),
        });
        await remember({ user: approver, channel: String(posted.channel ?? channel), ref: String(posted.ts) });
        return [approver];
      } catch (error) {
        // one approver out of reach does not stop the others; nobody reached is told to the asker at once
        reportError(deps.log, error, { tenant: request.tenant, where: 'comp request' });
        return [];
      }
    }),
  );
  return { where: 'dm', reached: reached.flat() };
}
