import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { defaultFollowUpAt } from '../../../conversation/followUpDefaults';
import { activeCategories } from '../../../playbook/schema';
import type { Slip } from '../../../slips/slip';
import { buildRecoveryCard, type CardAction, directAction } from '../../../views/recoveryCard';
import { correctModal, followUpModal, type ModalContext, recategorizeModal } from '../blocks/modals';
import { ACTION_IDS } from '../blocks/recoveryCard';
import { humanize, md, plain } from '../blocks/text';
import { cardMessage, refreshCard, refreshCopies } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { sealContext } from '../modalSeal';
import { pressedOn, requireOwnCard } from '../payloadChecks';
import { explain } from '../replies';

type Body = BlockAction<ButtonAction>;

/**
 * The recovery card's buttons, from the channel card or App Home. Each press is checked on the server (the slip
 * must exist in this workspace and the move must be legal), then the card updates in place for everyone.
 */
export function registerCardActions(
  app: App,
  deps: SlackDeps,
  onChanged: (client: WebClient, slip: Slip, user: string) => Promise<void>,
): void {
  const byId = new Map(Object.entries(ACTION_IDS).map(([action, id]) => [id, action as CardAction]));
  // one listener for every card button: Bolt runs each listener's matchers on every request
  app.action<Body>(CARD_ACTION, async ({ ack, body, action: button, client, respond }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const action = byId.get(button.action_id)!;
    try {
      const slip = await deps.service.get(tenant, button.value ?? '');
      requireOwnCard(slip, pressedOn(body));
      if (action === 'correct') return await openCorrect(client, deps, body, slip);
      if (action === 'followup') return await openFollowUp(client, deps, body, slip);
      if (action === 'recategorize') return await openRecategorize(client, deps, body, slip);
      const changed = await deps.service.act(tenant, slip.id, body.user.id, directAction(action)!);
      await updateWhereClicked(client, deps, body, changed);
      await onChanged(client, changed, body.user.id);
    } catch (error) {
      await tell(client, body, respond, explain(deps.log, error, { tenant, where: `card ${action}` }));
    }
  });
}

const CARD_ACTION = new RegExp(`^(${Object.values(ACTION_IDS).join('|')})$`);

async function openCorrect(client: WebClient, deps: SlackDeps, body: Body, slip: Slip): Promise<void> {
  const { playbook } = await deps.playbooks.current(slip.tenant);
  const card = buildRecoveryCard(slip, playbook.venue);
  await client.views.open({
    trigger_id: body.trigger_id,
    view: correctModal(contextFor(deps, body, slip), {
      gestures: card.gestures,
      needsApproval: card.needsApproval,
      currency: playbook.venue.currency,
      managerOwned: card.managerOwned,
    }),
  });
}

async function openFollowUp(client: WebClient, deps: SlackDeps, body: Body, slip: Slip): Promise<void> {
  await client.views.open({
    trigger_id: body.trigger_id,
    view: followUpModal(contextFor(deps, body, slip), {
      defaultDueAt: defaultFollowUpAt(slip, (await deps.playbooks.current(slip.tenant)).playbook.venue, deps.clock()),
      promise: slip.followUp?.promise,
    }),
  });
}

async function openRecategorize(client: WebClient, deps: SlackDeps, body: Body, slip: Slip): Promise<void> {
  const { playbook } = await deps.playbooks.current(slip.tenant);
  await client.views.open({
    trigger_id: body.trigger_id,
    view: recategorizeModal(contextFor(deps, body, slip), {
      categories: activeCategories(playbook),
      current: slip.categoryId,
      quote: humanize(slip.text),
    }),
  });
}

/** The modal's context, sealed for this person in this workspace (a submission cannot swap the slip). */
function contextFor(deps: SlackDeps, body: Body, slip: Slip): ModalContext {
  const context = {
    slipId: slip.id,
    channel: slip.channel,
    cardTs: slip.cardRef ?? (body.container?.type === 'message' ? body.message?.ts : undefined),
  };
  return sealContext(context, { tenant: slip.tenant, user: body.user.id }, deps.modalKey);
}

/**
 * Updates the card message the button was on, or the slip's channel card when pressed elsewhere (App Home); a private
 * slip's managers' copies follow.
 */
async function updateWhereClicked(client: WebClient, deps: SlackDeps, body: Body, slip: Slip): Promise<void> {
  if (body.container?.type === 'message' && body.channel?.id && body.message?.ts && !body.container.is_ephemeral) {
    const message = await cardMessage(deps, slip);
    await client.chat.update({
      channel: body.channel.id,
      ts: body.message.ts,
      text: message.text,
      blocks: message.blocks,
    });
    await refreshCopies(client, deps, slip, message);
    return;
  }
  await refreshCard(client, deps, slip);
}

/** Errors go back to the person who pressed: ephemerally under a message, in a small modal from App Home. */
async function tell(client: WebClient, body: Body, respond: RespondFn, text: string): Promise<void> {
  if (body.container?.type === 'message' && body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: {
      type: 'modal',
      title: plain('recovery-coach', 24),
      close: plain('OK', 24),
      blocks: [{ type: 'section', text: md(text) }],
    },
  });
}
