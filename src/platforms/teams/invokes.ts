import { DateTime } from 'luxon';
import { render, said } from '../../conversation/catalogue';
import { PLAIN_STYLE } from '../../conversation/style';
import { AppError, reportError, userMessage } from '../../errors';
import { buildReminder, snoozeDueAt } from '../../followups/reminder';
import type { SlipAction } from '../../slips/lifecycle';
import type { FollowUpOutcome, Slip } from '../../slips/slip';
import { correctForm, filled, followUpForm, type StepForm } from '../../slips/stepForms';
import { type CardAction, directAction } from '../../views/recoveryCard';
import { channelOf, personOf, referenceOf } from './activity';
import { cardFor, cardMessage, refreshCard, withdrawCard } from './cards';
import { askAction } from './cards/compApproval';
import { HANDOFF_VERBS, renderHandoff } from './cards/handoff';
import { CARD_VERBS } from './cards/recoveryCard';
import { REMINDER_VERBS, renderReminderAnswered } from './cards/reminder';
import { askOnRefusal } from './compApprovals';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { cardResponse, messageResponse } from './invokeResults';
import { peopleFor } from './people';
import { isPlaybookVerb, onPlaybookAction } from './playbookEditor';
import { firstDelivery, mayViewCard, pressId, requireMayAnswer, requireMayTake } from './pressChecks';
import { deliverPrivately } from './privateSlips';

interface ExecuteValue {
  action?: { type?: string; verb?: string; data?: Record<string, unknown> };
}

const OUTCOMES: Record<string, [FollowUpOutcome, string]> = {
  [REMINDER_VERBS.recovered]: ['recovered', 'guest recovered'],
  [REMINDER_VERBS.unhappy]: ['not_recovered', 'guest still unhappy (escalated to a manager)'],
  [REMINDER_VERBS.unreachable]: ['unreachable', "couldn't reach the guest"],
};

/**
 * A card button (Action.Execute → adaptiveCard/action invoke). Every press is checked on the server (the slip must
 * exist in this tenant and the move must be legal) and answered with the card to show in place: the updated
 * card, or the same card with the reason a press was refused. The same invoke delivered again (a redelivery, a
 * replay) is applied once: later copies change nothing and are answered with the card as it is.
 */
export async function onCardAction(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult> {
  const action = (turn.activity.value as ExecuteValue | undefined)?.action;
  const verb = action?.verb ?? '';
  const data = action?.data ?? {};
  const slipId = typeof data.slipId === 'string' ? data.slipId : '';
  const actor = personOf(turn.activity.from);
  const cardAction = (Object.entries(CARD_VERBS).find(([, v]) => v === verb)?.[0] ?? undefined) as
    | CardAction
    | undefined;
  const press = pressId(turn);
  const scope = `teams-invoke:${tenant}`;
  if (!(await firstDelivery(deps, scope, press))) {
    deps.log.info({ tenant, verb }, 'replayed Teams card press ignored');
    return replayAnswer(deps, turn, tenant, actor, slipId, cardAction);
  }
  try {
    if (cardAction) return await onRecoveryCard(deps, turn, tenant, actor, slipId, cardAction, data);
    if (verb in OUTCOMES || verb === REMINDER_VERBS.snooze || verb === REMINDER_VERBS.take)
      return await onReminder(deps, turn, tenant, actor, slipId, verb, data);
    if (verb === REMINDER_VERBS.reassign) return await onReassign(deps, turn, tenant, actor, slipId, data);
    if (isPlaybookVerb(verb)) return await onPlaybookAction(deps, tenant, actor, verb, data);
    if (verb === HANDOFF_VERBS.take) {
      const slip = await deps.service.get(tenant, slipId);
      await requireMayTake(deps, turn, slip);
      const mine =
        slip.owner === actor
          ? slip
          : await deps.service.act(tenant, slip.id, actor, { kind: 'reassign', owner: actor });
      await refreshForEveryone(deps, mine);
      return messageResponse(render(said('tookSlip', { slipId: mine.id, guest: mine.guestRef?.text }), PLAIN_STYLE));
    }
    if (verb === HANDOFF_VERBS.post) return await postHandoffNow(deps, turn, tenant);
    return messageResponse("That button isn't one of mine any more. Ask me again and use the new card.");
  } catch (error) {
    const appError = reportError(deps.log, error, { tenant, where: `teams card ${verb}` });
    // our failure changed nothing: a redelivery of this press may try again (a refusal stands)
    if (!appError.isUserFacing) await deps.once.forget(scope, press).catch(() => undefined);
    if (cardAction && appError.isUserFacing && appError.code !== 'NOT_FOUND') {
      const refused = await refusedCard(deps, tenant, { slipId, actor, cardAction, data }, appError);
      if (refused) return refused;
    }
    return messageResponse(userMessage(appError));
  }
}

/**
 * A refused press on the recovery card is answered with the card and the reason above it; a comp over the
 * presser's limit also gets "Ask a shift lead / manager" there.
 */
async function refusedCard(
  deps: TeamsDeps,
  tenant: string,
  press: { slipId: string; actor: string; cardAction: CardAction; data: Record<string, unknown> },
  appError: AppError,
): Promise<InvokeResult | undefined> {
  const slip = await deps.service.get(tenant, press.slipId).catch(() => undefined);
  if (!slip) return undefined;
  const ask =
    press.cardAction === 'correct'
      ? await askOnRefusal(deps, tenant, appError, {
          slipId: slip.id,
          user: press.actor,
          actions: refusedComp(press.data),
        })
      : undefined;
  const remedy = ask && askAction(ask.id, press.actor);
  return cardResponse((await cardFor(deps, slip, `⚠ ${userMessage(appError)}`, remedy)).card);
}

/** The correct step a refused Corrected… form asked for (the form is read again: it is pure). */
function refusedComp(data: Record<string, unknown>): SlipAction[] {
  const form = correctForm(data);
  return 'error' in form ? [] : [form.action];
}

/**
 * What a copy of a press already received is answered with: the recovery card as it is now (Teams shows the
 * answer in place of the card pressed, so the person sees the press applied once), or a short note for the other
 * cards, whose message the first delivery already updated for everyone. The card is shown only to someone who may
 * see it (mayViewCard): a crafted copy naming another slip's id gets a plain refusal, the same as for no such slip.
 */
async function replayAnswer(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  actor: string,
  slipId: string,
  cardAction: CardAction | undefined,
): Promise<InvokeResult> {
  if (!cardAction) return messageResponse('Got it: that press was already received.');
  const slip = await deps.service.get(tenant, slipId).catch(() => undefined);
  if (slip && (await mayViewCard(deps, turn, slip, actor).catch(() => false)))
    return cardResponse((await cardFor(deps, slip)).card);
  return messageResponse("Got it: that press was already received. There's no card of yours to show for it.");
}

/**
 * Updates the slip's card message itself: an invoke answer replaces the card only for the person who pressed, and
 * the reporter, the lead and the manager see the new state only this way. A card that cannot be updated is
 * reported and does not fail the press.
 */
async function refreshForEveryone(deps: TeamsDeps, slip: Slip): Promise<void> {
  await refreshCard(deps, slip).catch((error) =>
    reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'refresh card' }),
  );
}

async function onRecoveryCard(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  actor: string,
  slipId: string,
  action: CardAction,
  data: Record<string, unknown>,
): Promise<InvokeResult> {
  const slip = await deps.service.get(tenant, slipId);
  // a press is acted on only for someone who may see the card (a crafted press naming another slip's id from one's
  // own chat, a private slip's above all, is answered as if there were no such slip: nothing of it is shown)
  if (!(await mayViewCard(deps, turn, slip, actor))) throw new AppError('NOT_FOUND', `There is no slip #${slipId}.`);
  if (action === 'recategorize') {
    const changed = await deps.service.recategorize(tenant, slip.id, actor, String(filled(data.category) ?? ''));
    if (changed.private && !slip.private) {
      // now private: the channel keeps only the notice; the card goes to the reporter and the managers by chat
      const notice = render(said('privateSlipLogged'), PLAIN_STYLE);
      await withdrawCard(deps, changed, notice);
      await deliverPrivately(deps, changed);
      return messageResponse(notice);
    }
    await refreshForEveryone(deps, changed);
    return cardResponse((await cardFor(deps, changed)).card);
  }
  let form: StepForm;
  if (action === 'correct') form = correctForm(data);
  else if (action === 'followup') {
    const { playbook } = await deps.playbooks.current(tenant);
    const due = DateTime.fromISO(`${filled(data.date) ?? ''}T${filled(data.time) ?? ''}`, {
      zone: playbook.venue.timezone,
    });
    form = followUpForm({ dueAt: due.isValid ? due.toMillis() : Number.NaN, promise: data.promise }, deps.clock());
  } else form = { action: directAction(action)! };
  // shown on the card, above it (the inline form has no per-field errors)
  if ('error' in form) throw new AppError('BAD_INPUT', form.error);
  const changed = await deps.service.act(tenant, slip.id, actor, form.action);
  await refreshForEveryone(deps, changed);
  return cardResponse((await cardFor(deps, changed)).card);
}

async function onReminder(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  actor: string,
  slipId: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<InvokeResult> {
  const found = await deps.service.get(tenant, slipId);
  if (verb === REMINDER_VERBS.take) await requireMayTake(deps, turn, found);
  else await requireMayAnswer(deps, turn, found, actor);
  let action: SlipAction;
  let what: string;
  const outcome = OUTCOMES[verb];
  if (outcome) {
    action = { kind: 'followup_done', outcome: outcome[0] };
    what = outcome[1];
  } else if (verb === REMINDER_VERBS.take) {
    action = { kind: 'reassign', owner: actor };
    what = 'taken over';
  } else {
    const { playbook } = await deps.playbooks.current(tenant);
    const dueAt = snoozeDueAt(filled(data.snooze) ?? '15m', playbook.venue, deps.clock());
    action = { kind: 'snooze', dueAt };
    what = `snoozed until ${DateTime.fromMillis(dueAt, { zone: playbook.venue.timezone }).toFormat('ccc HH:mm')}`;
  }
  const slip = await deps.service.act(tenant, found.id, actor, action);
  await refreshForEveryone(deps, slip);
  const { playbook } = await deps.playbooks.current(tenant);
  const people = await peopleFor(deps.refs, tenant, [actor]);
  return cardResponse(
    renderReminderAnswered(buildReminder(slip, 'remind', playbook.venue.timezone), what, actor, people).card,
  );
}

/**
 * "Reassign…" on a reminder: the follow-up goes to the person picked, who gets the reminder at once. The press and
 * the pick are checked here, not trusted from the card: the presser may answer the reminder (requireMayAnswer), and
 * the one picked must be someone the bot has seen in this tenant.
 */
async function onReassign(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  actor: string,
  slipId: string,
  data: Record<string, unknown>,
): Promise<InvokeResult> {
  await requireMayAnswer(deps, turn, await deps.service.get(tenant, slipId), actor);
  const owner = filled(data.owner);
  const person = owner ? await deps.refs.person(tenant, owner) : undefined;
  if (!owner || !person) throw new AppError('BAD_INPUT', 'Pick someone from the list to hand this follow-up to.');
  let slip = await deps.service.act(tenant, slipId, actor, { kind: 'reassign', owner });
  // the new owner is reminded now, as in Slack (a follow-up that is not scheduled has nothing to remind)
  if (slip.followUp?.status === 'scheduled')
    slip = await deps.service.act(tenant, slipId, actor, { kind: 'snooze', dueAt: deps.clock() });
  await refreshForEveryone(deps, slip);
  const { playbook } = await deps.playbooks.current(tenant);
  const people = await peopleFor(deps.refs, tenant, [actor, owner]);
  return cardResponse(
    renderReminderAnswered(
      buildReminder(slip, 'remind', playbook.venue.timezone),
      `handed to ${people(owner)}, who is reminded now`,
      actor,
      people,
    ).card,
  );
}

/** "Post now" on a handoff preview: the shift so far, posted to the channel as a new post. */
async function postHandoffNow(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult> {
  const channel = channelOf(turn.activity);
  if (!channel) return messageResponse('Ask for the handoff in the shift channel.');
  const view = await deps.handoffs.preview(tenant, channel);
  const people = await peopleFor(deps.refs, tenant, [
    ...view.carryOvers.map((c) => c.owner),
    ...view.happened.map((h) => h.handledBy),
  ]);
  const rendered = renderHandoff({ ...view, preview: false, shiftName: `${view.shiftName} (so far)` }, people);
  if (rendered) await deps.connector.send(referenceOf(turn.activity, channel), cardMessage(rendered));
  return messageResponse('Posted the handoff so far to the channel.');
}
