import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { PendingCompAsk } from '../../../capture/stores';
import type { ApprovalAnswer, ApprovalRequest } from '../../../comps/approvals';
import { askedWords } from '../../../comps/askedWords';
import { offerAsk, requestFromAsk } from '../../../comps/asks';
import { render, type Said, said } from '../../../conversation/catalogue';
import { AppError, reportError } from '../../../errors';
import { askBlocks, COMP_ACTIONS, reasonIn } from '../blocks/compApprovals';
import { md } from '../blocks/text';
import { refreshCard } from '../cards';
import { sendRequests } from '../compRequests';
import { type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';
import { SLACK_STYLE } from '../style';

export { COMP_ACTIONS };

/**
 * A comp over the presser's limit: the words and an "Ask a shift lead / manager" button, or undefined when the
 * action is not an over-limit comp. The comp waits in Redis; the button carries only its id.
 */
export async function approvalOffer(
  deps: SlackDeps,
  tenant: string,
  ask: PendingCompAsk,
): Promise<{ text: string; blocks: KnownBlock[] } | undefined> {
  const offer = await offerAsk(deps, tenant, ask);
  if (!offer) return undefined;
  const text = render(offer.words, SLACK_STYLE);
  return { text, blocks: askBlocks(text, offer.id) };
}

/**
 * Comps approved in chat: "Ask a shift lead / manager" sends the request to the people on shift whose limit covers
 * it (by DM, or in the slip's thread as the playbook says), with Approve and Decline; the first answer wins (comps/approvals.ts, atomic in Redis), every approver's
 * message then says who answered, the requester hears back and the card records the comp.
 */
export function registerCompApprovals(app: App, deps: SlackDeps): void {
  const approvals = deps.approvals;
  const asks = deps.features?.compAsks;
  if (!approvals || !asks) return;

  app.action<BlockAction<ButtonAction>>(COMP_ACTIONS.ask, async ({ ack, body, action, respond, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      // the ask is used up only once its request is stored: a failure leaves it for another press
      const request = await requestFromAsk({ approvals, asks }, tenant, action.value ?? '', body.user.id);
      if (request === 'gone') return await replace(respond, said('stepOfferGone'));
      if (request === 'notYours') throw new AppError('FORBIDDEN', render(said('compAskNotYours'), SLACK_STYLE));
      const slip = await deps.service.get(tenant, request.slipId);
      await refreshCard(client, deps, slip).catch(() => undefined);
      // who was asked; or, at once, that it reached nobody or nobody on shift
      await replace(respond, askedWords(request, await sendRequests(client, deps, request, slip)));
    } catch (error) {
      await respond({ replace_original: false, text: explain(deps.log, error, { tenant, where: 'comp ask' }) }).catch(
        () => undefined,
      );
    }
  });

  const answers = new RegExp(`^(${COMP_ACTIONS.approve}|${COMP_ACTIONS.decline})$`);
  app.action<BlockAction<ButtonAction>>(answers, async ({ ack, body, action, respond, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const decision = action.action_id === COMP_ACTIONS.approve ? 'approved' : 'declined';
    try {
      const reason = decision === 'declined' ? reasonIn(body.state) : undefined;
      const result = await approvals.answer(tenant, action.value ?? '', body.user.id, decision, reason);
      if (!result.won) {
        await respond({
          replace_original: false,
          text: render(
            said('compAlreadyAnswered', { decision: result.answer.decision, by: result.answer.by }),
            SLACK_STYLE,
          ),
        }).catch(() => undefined);
        return;
      }
      await announce(client, deps, result.request, result.answer);
      if (result.slip) await refreshCard(client, deps, result.slip).catch(() => undefined);
      if (result.notRecorded)
        await tellRequester(client, deps, result.request, said('compNotRecorded', { reason: result.notRecorded }));
    } catch (error) {
      await respond({
        replace_original: false,
        text: explain(deps.log, error, { tenant, where: `comp ${decision}` }),
      }).catch(() => undefined);
    }
  });
}

/** Every approver's message now says who answered (no buttons), and the requester hears it by DM. */
async function announce(
  client: WebClient,
  deps: SlackDeps,
  request: ApprovalRequest,
  { decision, by, reason }: ApprovalAnswer,
): Promise<void> {
  const current = (await deps.features!.approvals.get(request.tenant, request.id)) ?? request;
  const answered = said('compAnswered', {
    decision,
    by,
    ...(reason ? { reason } : {}),
    gesture: request.gesture,
    cost: money(request.currency, request.cost),
    slipId: request.slipId,
  });
  const words = render(answered, SLACK_STYLE);
  await Promise.all(
    current.messages.map((m) =>
      client.chat
        .update({ channel: m.channel, ts: m.ref, text: words, blocks: [{ type: 'section', text: md(words) }] })
        .catch((error) => reportError(deps.log, error, { tenant: request.tenant, where: 'comp request update' })),
    ),
  );
  await tellRequester(client, deps, request, answered);
}

/** Best effort: the answer is saved whatever happens here, so a failure is logged, never shown to the approver. */
async function tellRequester(
  client: WebClient,
  deps: SlackDeps,
  request: ApprovalRequest,
  message: Said,
): Promise<void> {
  try {
    const dm = await client.conversations.open({ users: request.requester });
    await client.chat.postMessage({
      channel: String(dm.channel?.id ?? request.requester),
      text: render(message, SLACK_STYLE),
    });
  } catch (error) {
    reportError(deps.log, error, { tenant: request.tenant, slipId: request.slipId, where: 'comp answer to requester' });
  }
}

async function replace(
  respond: (message: { replace_original: boolean; text: string }) => Promise<unknown>,
  message: Said,
): Promise<void> {
  await respond({ replace_original: true, text: render(message, SLACK_STYLE) }).catch(() => undefined);
}

function money(currency: string, amount: number): string {
  return `${currency} ${amount}`;
}

/**
 * The Correct form refused a comp over the presser's limit: the form says so, and the presser also gets the
 * "Ask a shift lead / manager" button privately in the slip's thread. Best effort: the form's answer stands.
 */
export async function offerApprovalInThread(
  client: WebClient,
  deps: SlackDeps,
  tenant: string,
  slipId: string,
  user: string,
  action: { kind: string; gesture?: string; cost?: number; note?: string },
): Promise<void> {
  if (action.kind !== 'correct' || !action.cost) return;
  try {
    const slip = await deps.service.get(tenant, slipId);
    const offer = await approvalOffer(deps, tenant, {
      slipId,
      user,
      gesture: action.gesture ?? 'a gesture',
      cost: action.cost,
      ...(action.note ? { note: action.note } : {}),
    });
    if (!offer) return;
    await client.chat.postEphemeral({ channel: slip.channel, user, thread_ts: slip.threadRef, ...offer });
  } catch (error) {
    reportError(deps.log, error, { tenant, slipId, where: 'comp approval offer' });
  }
}
