import { defaultFollowUpAt } from '../../conversation/followUpDefaults';
import { recordCard } from '../../conversation/recordCard';
import { tailorLater as tailorInPlace } from '../../conversation/tailorLater';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { buildRecoveryCard } from '../../views/recoveryCard';
import type { ConversationRef } from './activity';
import { type Action, CARD_CONTENT_TYPE } from './cards/elements';
import { renderRecoveryCard } from './cards/recoveryCard';
import type { OutgoingActivity } from './connector';
import type { TeamsDeps } from './deps';
import { peopleFor } from './people';
import { refreshManagerCopies } from './privateCopies';
import { channelKey, personalKey } from './references';
import type { TeamsMention } from './replies';

/** The Adaptive Card for a slip, with names, the venue's zone and currency, and an optional problem line on top. */
export async function cardFor(deps: TeamsDeps, slip: Slip, problem?: string, remedy?: Action) {
  const { playbook } = await deps.playbooks.current(slip.tenant);
  const view = buildRecoveryCard(slip, playbook.venue, playbook.categories);
  const people = await peopleFor(deps.refs, slip.tenant, [
    view.reporter,
    view.owner,
    view.lastEvent?.by,
    ...view.steps.map((s) => s.done?.by),
  ]);
  return renderRecoveryCard(view, {
    now: deps.clock(),
    people,
    problem,
    remedy,
    defaultFollowUpAt: defaultFollowUpAt(slip, playbook.venue, deps.clock()),
  });
}

/**
 * The slip's card as a message. Its text is the intro when there is one (our words and an @mention, which needs
 * Teams' Markdown); otherwise the card's title, a person's words (a guest, a category), sent as plain text.
 */
export async function cardActivity(deps: TeamsDeps, slip: Slip, intro?: OutgoingActivity): Promise<OutgoingActivity> {
  const rendered = await cardFor(deps, slip);
  return intro?.text ? { ...intro, type: 'message', attachments: attached(rendered.card) } : cardMessage(rendered);
}

/** A rendered card as a message: the card, and its summary text (which carries people's words) as plain text. */
export function cardMessage(rendered: { text: string; card: unknown }): OutgoingActivity {
  return { type: 'message', text: rendered.text, textFormat: 'plain', attachments: attached(rendered.card) };
}

/**
 * A rendered card whose text @mentions people: the text is Teams Markdown, already escaped by the style it was
 * rendered with (teamsMentionStyle), and the mentions in it are declared so Teams renders and notifies them.
 */
export function cardMessageMentioning(
  rendered: { text: string; card: unknown },
  mentions: TeamsMention[],
): OutgoingActivity {
  return {
    type: 'message',
    text: rendered.text,
    textFormat: 'markdown',
    entities: mentions,
    attachments: attached(rendered.card),
  };
}

function attached(card: unknown): OutgoingActivity['attachments'] {
  return [{ contentType: CARD_CONTENT_TYPE, content: card }];
}

/**
 * The conversation a slip's card lives in: the channel thread it was posted in, the chat itself, or (a private
 * slip's, `cardChannel`) the reporter's 1:1 chat with the bot.
 */
async function cardConversation(deps: TeamsDeps, slip: Slip): Promise<ConversationRef | undefined> {
  if (slip.cardChannel) {
    const chat = await deps.refs.conversation(slip.tenant, personalKey(slip.reporter));
    return chat && { ...chat, conversationId: slip.cardChannel };
  }
  const ref = await deps.refs.conversation(slip.tenant, channelKey(slip.channel));
  if (!ref) return undefined;
  return ref.conversationType === 'channel'
    ? { ...ref, conversationId: `${slip.channel};messageid=${slip.threadRef}` }
    : ref;
}

/** The model's version of a posted card, in place when it arrives in time (conversation/tailorLater.ts). */
/**
 * A card just sent into a thread (`posted`, its activity id; none when the send gave no id): recorded on the slip, a
 * storage failure logged with the card left standing (conversation/recordCard.ts), then tailored in place.
 */
export async function cardPosted(deps: TeamsDeps, slip: Slip, posted: string | undefined, root: string): Promise<void> {
  if (!posted) return;
  const attached = await recordCard(deps.log, slip, () => deps.service.attachCard(slip.tenant, slip.id, posted, root));
  if (attached) tailorLater(deps, attached);
}

export function tailorLater(deps: TeamsDeps, slip: Slip): void {
  tailorInPlace(deps, slip, (tailored) => refreshCard(deps, tailored));
}

/**
 * A slip that became private after its card was posted: the card in the channel is replaced by the one-line notice,
 * for everyone (its words, guest and steps leave the channel).
 */
export async function withdrawCard(deps: TeamsDeps, slip: Slip, notice: string): Promise<void> {
  if (!slip.cardRef) return;
  const where = await cardConversation(deps, slip);
  if (!where) return;
  await deps.connector.update(where, slip.cardRef, { type: 'message', text: notice, textFormat: 'plain' });
}

/**
 * Re-renders the slip's card where it lives (after a press, a reminder answer, a handoff "Take this"), and a private
 * slip's managers' copies (best effort: a copy that fails is logged, never fails the press).
 */
export async function refreshCard(deps: TeamsDeps, slip: Slip): Promise<void> {
  // a private slip's card lives only in its reporter's chat: without one there (Teams refused it), the channel
  // message is the notice its card was withdrawn to, and stays so; the managers' copies still follow the slip
  const ownCard = slip.cardRef !== undefined && (!slip.private || slip.cardChannel !== undefined);
  if (!ownCard && !slip.private) return;
  const where = ownCard ? await cardConversation(deps, slip) : undefined;
  if (ownCard && !where) return;
  const activity = await cardActivity(deps, slip);
  if (where) await deps.connector.update(where, slip.cardRef!, activity);
  const failed = (error: unknown) =>
    reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'teams private slip copy redraw' });
  await refreshManagerCopies({ ...deps, copies: deps.features?.privateCopies }, slip, activity, failed).catch(failed);
}
