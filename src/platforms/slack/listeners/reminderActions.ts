import type { App, BlockAction, ButtonAction, StaticSelectAction, UsersSelectAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildReminder, snoozeDueAt } from '../../../followups/reminder';
import type { SlipAction } from '../../../slips/lifecycle';
import type { FollowUpOutcome, Slip } from '../../../slips/slip';
import { REMINDER_ACTIONS, renderReminderAnswered } from '../blocks/reminder';
import { refreshCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { pressedOn, requireMayAnswer, requireMayTake, requireMember } from '../payloadChecks';
import { explain } from '../replies';

const OUTCOMES: Array<[string, FollowUpOutcome, string]> = [
  [REMINDER_ACTIONS.recovered, 'recovered', 'guest recovered'],
  [REMINDER_ACTIONS.unhappy, 'not_recovered', 'guest still unhappy (escalated to a manager)'],
  [REMINDER_ACTIONS.unreachable, 'unreachable', "couldn't reach the guest"],
];

type Body = BlockAction;

/**
 * The follow-up reminder's buttons: record the outcome, snooze, reassign, or take a handed-over follow-up. The
 * reminder collapses to what was recorded and the slip's card updates in its channel.
 */
export function registerReminderActions(
  app: App,
  deps: SlackDeps,
  onChanged: (client: WebClient, slip: Slip, user: string) => Promise<void>,
): void {
  /**
   * Records an answer to the reminder once the press is checked: "Take this" (`take`: the presser becomes the owner)
   * as a handoff's is, the other controls by requireMayAnswer, and a person picked must be a member.
   */
  const answer = async (
    body: Body,
    client: WebClient,
    slipId: string,
    action: SlipAction,
    what: string,
    take = false,
  ) => {
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      const found = await deps.service.get(tenant, slipId);
      if (take) await requireMayTake(deps, client, found, pressedOn(body));
      else {
        await requireMayAnswer(deps, found, pressedOn(body));
        if (action.kind === 'reassign') await requireMember(client, tenant, action.owner);
      }
      const slip = await deps.service.act(tenant, slipId, body.user.id, action);
      const { playbook } = await deps.playbooks.current(tenant);
      if (body.channel?.id && body.message?.ts) {
        const done = renderReminderAnswered(buildReminder(slip, 'remind', playbook.venue.timezone), what, body.user.id);
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: done.text,
          blocks: done.blocks,
        });
      }
      await refreshCard(client, deps, slip).catch((error) =>
        explain(deps.log, error, { tenant, where: 'refresh card' }),
      );
      await onChanged(client, slip, body.user.id);
    } catch (error) {
      const text = explain(deps.log, error, { tenant, where: 'reminder action' });
      if (body.channel?.id)
        await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text }).catch(() => undefined);
      return false;
    }
    return true;
  };

  const outcomes = new Map(OUTCOMES.map(([id, outcome, what]) => [id, { outcome, what }]));
  const pattern = new RegExp(`^(${Object.values(REMINDER_ACTIONS).join('|')})$`);
  // one listener for all of the reminder's controls (buttons, the snooze menu, the people picker)
  app.action<BlockAction>(pattern, async ({ ack, body, action, client }) => {
    await ack();
    const element = action as ButtonAction | StaticSelectAction | UsersSelectAction;
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const done = outcomes.get(element.action_id);
    if (done && element.type === 'button') {
      await answer(body, client, element.value ?? '', { kind: 'followup_done', outcome: done.outcome }, done.what);
    } else if (element.type === 'static_select') {
      await snooze(body, client, tenant, element);
    } else if (element.type === 'users_select') {
      // the block id names the slip: only the shape we render ("rc_fu_<number>") is read
      const slipId = /^rc_fu_(\d{1,12})$/.exec(element.block_id)?.[1] ?? '';
      const done = await answer(body, client, slipId, { kind: 'reassign', owner: element.selected_user }, 'reassigned');
      // the new owner gets the reminder now; a slip closed in between has nothing to remind
      if (done)
        await deps.service
          .act(tenant, slipId, body.user.id, { kind: 'snooze', dueAt: deps.clock() })
          .catch((error) => explain(deps.log, error, { tenant, where: 'remind new owner' }));
    } else if (element.type === 'button' && element.action_id === REMINDER_ACTIONS.take) {
      await answer(
        body,
        client,
        element.value ?? '',
        { kind: 'reassign', owner: body.user.id },
        'taken by the shift on duty',
        true,
      );
    }
  });

  const snooze = async (body: Body, client: WebClient, tenant: string, element: StaticSelectAction) => {
    const [slipId = '', choice = '15m'] = element.selected_option.value.split('|');
    const { playbook } = await deps.playbooks.current(tenant);
    await answer(
      body,
      client,
      slipId,
      { kind: 'snooze', dueAt: snoozeDueAt(choice, playbook.venue, deps.clock()) },
      `snoozed (${element.selected_option.text.text})`,
    );
  };
}
