import type { ApprovalAnswer, ApprovalRequest } from '../../comps/approvals';
import { askedWords } from '../../comps/askedWords';
import { offerAsk, overLimitAsk, requestFromAsk } from '../../comps/asks';
import { render, type Said, said } from '../../conversation/catalogue';
import type { Style } from '../../conversation/style';
import { reportError, userMessage } from '../../errors';
import type { SlipAction } from '../../slips/lifecycle';
import { personOf } from './activity';
import { cardMessage, refreshCard } from './cards';
import { answeredCard, COMP_REASON_INPUT, COMP_VERBS } from './cards/compApproval';
import { sendRequests, updateRequest } from './compRequests';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { cardResponse, messageResponse } from './invokeResults';
import { peopleFor } from './people';
import { teamsStyle } from './style';

type Data = Record<string, unknown>;

const VERBS = new Set<string>(Object.values(COMP_VERBS));

/**
 * Comps approved in chat, in Teams: "Ask a shift lead / manager" sends the request to each approver's 1:1 chat, or
 * to the slip's thread as the playbook says (an Adaptive Card with an optional reason, Approve and Decline); the first answer wins (comps/approvals.ts,
 * atomic in Redis), every approver's card then says who answered, the requester hears it in their chat and the
 * slip's card records the comp. Answers a press on those cards; undefined for every other card's press.
 */
export async function compApprovalPress(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
): Promise<InvokeResult | undefined> {
  const action = (turn.activity.value as { action?: { verb?: string; data?: Data } } | undefined)?.action;
  const verb = action?.verb ?? '';
  if (!VERBS.has(verb)) return undefined;
  const data = action?.data ?? {};
  const actor = personOf(turn.activity.from);
  try {
    if (verb === COMP_VERBS.ask) return await onAsk(deps, tenant, actor, data);
    const decision = verb === COMP_VERBS.approve ? 'approved' : 'declined';
    return await onAnswer(deps, tenant, actor, decision, data);
  } catch (error) {
    // a refusal (an approver over their own limit, their own request) leaves the card as it is, with the reason
    return messageResponse(userMessage(reportError(deps.log, error, { tenant, where: `teams ${verb}` })));
  }
}

/**
 * A step refused because its comp is over the presser's limit: the waiting ask for "Ask a shift lead / manager"
 * (its id and words), or undefined for any other refusal. Best effort: the refusal itself is the answer.
 */
export async function askOnRefusal(
  deps: TeamsDeps,
  tenant: string,
  error: unknown,
  ask: { slipId: string; user: string; actions: SlipAction[] },
): Promise<{ id: string; words: string } | undefined> {
  const pending = overLimitAsk(error, ask, ask.actions);
  if (!pending) return undefined;
  try {
    const offer = await offerAsk(deps, tenant, pending);
    return (
      offer && {
        id: offer.id,
        words: render(
          offer.words,
          teamsStyle(() => undefined),
        ),
      }
    );
  } catch (failure) {
    reportError(deps.log, failure, { tenant, slipId: ask.slipId, where: 'teams comp ask offer' });
    return undefined;
  }
}

async function onAsk(deps: TeamsDeps, tenant: string, actor: string, data: Data): Promise<InvokeResult> {
  const plain = teamsStyle(() => undefined);
  const { approvals, features, messenger } = deps;
  if (!approvals || !features || !messenger) return messageResponse(render(said('stepOfferGone'), plain));
  if (data.user !== actor) return messageResponse(render(said('compAskNotYours'), plain));
  // the ask is used up only once its request is stored: a failure leaves it for another press
  const request = await requestFromAsk({ approvals, asks: features.compAsks }, tenant, text(data.askId), actor);
  if (request === 'gone') return cardResponse(answeredCard(render(said('stepOfferGone'), plain)));
  if (request === 'notYours') return messageResponse(render(said('compAskNotYours'), plain));
  const slip = await deps.service.get(tenant, request.slipId);
  await refreshCard(deps, slip).catch((error) =>
    reportError(deps.log, error, { tenant, slipId: slip.id, where: 'teams card after comp ask' }),
  );
  const style = await styleFor(deps, tenant, [request.requester, ...request.approvers]);
  // who was asked; or, at once, that it reached nobody or nobody on shift
  const asked = askedWords(request, await sendRequests(deps, request, slip, style));
  return cardResponse(answeredCard(render(asked, style)));
}

async function onAnswer(
  deps: TeamsDeps,
  tenant: string,
  actor: string,
  decision: ApprovalAnswer['decision'],
  data: Data,
): Promise<InvokeResult> {
  const { approvals } = deps;
  if (!approvals)
    return messageResponse(
      render(
        said('stepOfferGone'),
        teamsStyle(() => undefined),
      ),
    );
  const reason = text(data[COMP_REASON_INPUT]);
  const result = await approvals.answer(tenant, text(data.requestId), actor, decision, reason || undefined);
  const { request, answer } = result;
  const style = await styleFor(deps, tenant, [answer.by, request.requester]);
  const answered = render(said('compAnswered', { ...what(request), ...answer }), style);
  // a second press of the winner's own (a redelivery) sees the answer; anyone else is told who was first
  if (!result.won)
    return answer.by === actor
      ? cardResponse(answeredCard(answered))
      : messageResponse(render(said('compAlreadyAnswered', answer), style));
  await announce(deps, request, answered);
  if (result.slip)
    await refreshCard(deps, result.slip).catch((error) =>
      reportError(deps.log, error, { tenant, slipId: request.slipId, where: 'teams card after comp answer' }),
    );
  if (result.notRecorded)
    await tellRequester(deps, request, said('compNotRecorded', { reason: result.notRecorded }), style);
  return cardResponse(answeredCard(answered));
}

/** Every request card (approvers' chats, or the slip's thread) now says who answered (no buttons left), and the requester hears it in their chat. */
async function announce(deps: TeamsDeps, request: ApprovalRequest, answered: string): Promise<void> {
  const current = (await deps.features?.approvals.get(request.tenant, request.id)) ?? request;
  const activity = cardMessage({ text: answered, card: answeredCard(answered) });
  await Promise.all(
    current.messages.map((m) =>
      updateRequest(deps, request.tenant, m, activity).catch((error) =>
        reportError(deps.log, error, { tenant: request.tenant, where: 'teams comp request update' }),
      ),
    ),
  );
  await deps
    .messenger!.sendToPerson(request.tenant, request.requester, {
      type: 'message',
      text: answered,
      textFormat: 'plain',
    })
    .catch((error) =>
      reportError(deps.log, error, { tenant: request.tenant, where: 'teams comp answer to requester' }),
    );
}

async function tellRequester(deps: TeamsDeps, request: ApprovalRequest, message: Said, style: Style): Promise<void> {
  await deps
    .messenger!.sendToPerson(request.tenant, request.requester, {
      type: 'message',
      text: render(message, style),
      textFormat: 'plain',
    })
    .catch((error) =>
      reportError(deps.log, error, { tenant: request.tenant, where: 'teams comp answer to requester' }),
    );
}

function what(request: ApprovalRequest) {
  return { gesture: request.gesture, cost: `${request.currency} ${request.cost}`, slipId: request.slipId };
}

async function styleFor(deps: TeamsDeps, tenant: string, ids: string[]): Promise<Style> {
  return teamsStyle(await peopleFor(deps.refs, tenant, ids));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
