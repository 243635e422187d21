import { offerWords, type PendingStepOffer } from '../../capture/stepOffers';
import { render, type Said, said } from '../../conversation/catalogue';
import { offerFor, readThreadReply } from '../../conversation/threadReplies';
import { reportError, userMessage } from '../../errors';
import type { Slip } from '../../slips/slip';
import { personOf } from './activity';
import { cardMessage, refreshCard } from './cards';
import { askCard } from './cards/compApproval';
import { STEP_OFFER_VERBS, stepAnsweredCard, stepOfferCard } from './cards/stepOffer';
import { askOnRefusal } from './compApprovals';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { cardResponse, messageResponse } from './invokeResults';
import { teamsStyle } from './style';

const PLAIN = teamsStyle(() => undefined);

/**
 * Thread replies in plain words, in Teams: a reply in a slip's thread ("done, comped dessert") gets a small card in
 * the thread, for the person who wrote it, offering the matching step (conversation/threadReplies.ts). Nothing is
 * recorded until that person presses Yes; anyone else's press is refused. The bot hears thread replies through the
 * package's resource-specific ChannelMessage.Read.Group permission.
 */
export async function offerStepInThread(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  channel: string,
  root: string | undefined,
  user: string,
  text: string,
): Promise<void> {
  const offers = deps.features?.stepOffers;
  if (!offers || !root) return;
  const slip = await deps.slips.findByMessage(tenant, channel, root);
  if (!slip?.cardRef || slip.private) return;
  const reading = readThreadReply(text);
  const offer = offerFor(slip, reading);
  if (!offer) return;
  const pending: PendingStepOffer = {
    slipId: slip.id,
    user,
    channel,
    offer,
    ...(reading.gesture ? { gesture: reading.gesture } : {}),
  };
  const id = await offers.put(tenant, pending);
  const words = render(said('stepOffer', offerWords(pending)), PLAIN);
  await turn.send(cardMessage({ text: words, card: stepOfferCard(words, id, user) }));
}

/** A press on an offer card, answered here; undefined for every other card's press. */
export async function stepOfferPress(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult | undefined> {
  const action = (turn.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined)
    ?.action;
  const verb = action?.verb ?? '';
  if (verb !== STEP_OFFER_VERBS.confirm && verb !== STEP_OFFER_VERBS.dismiss) return undefined;
  try {
    return await onStepOffer(deps, tenant, personOf(turn.activity.from), verb, action?.data ?? {});
  } catch (error) {
    return messageResponse(userMessage(reportError(deps.log, error, { tenant, where: `teams ${verb}` })));
  }
}

/** Yes / No on an offer card: only its person; Yes records the steps as them, through the card's rules. */
export async function onStepOffer(
  deps: TeamsDeps,
  tenant: string,
  actor: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<InvokeResult> {
  const offers = deps.features?.stepOffers;
  const answered = (message: Said) => cardResponse(stepAnsweredCard(render(message, PLAIN)));
  if (!offers) return messageResponse(render(said('stepOfferGone'), PLAIN));
  // the card is in a shared thread: a teammate's press is refused without using the offer up
  if (data.user !== actor) return messageResponse(render(said('stepOfferNotYours'), PLAIN));
  const pending = await offers.take(tenant, typeof data.offerId === 'string' ? data.offerId : '');
  if (!pending) return answered(said('stepOfferGone'));
  if (pending.user !== actor) return messageResponse(render(said('stepOfferNotYours'), PLAIN));
  if (verb === STEP_OFFER_VERBS.dismiss) return answered(said('stepOfferDismissed'));
  let slip = await deps.service.get(tenant, pending.slipId);
  try {
    for (const step of pending.offer.actions) slip = await deps.service.act(tenant, slip.id, actor, step);
  } catch (error) {
    // a comp over the person's limit: offer to ask someone who may approve it, instead of a dead end
    const ask = await askOnRefusal(deps, tenant, error, {
      slipId: slip.id,
      user: actor,
      actions: pending.offer.actions,
    });
    if (!ask) throw error;
    await refreshAfter(deps, slip); // the steps recorded before the comp (Acknowledged)
    return cardResponse(askCard(ask.words, ask.id, actor));
  }
  await refreshAfter(deps, slip);
  return answered(said('stepRecorded', offerWords(pending)));
}

async function refreshAfter(deps: TeamsDeps, slip: Slip): Promise<void> {
  await refreshCard(deps, slip).catch((error) =>
    reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'teams card after thread reply' }),
  );
}
