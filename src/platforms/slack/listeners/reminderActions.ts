import type { App, BlockAction, ButtonAction, StaticSelectAction, UsersSelectAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildReminder } from '../../../followups/reminder';
import { dueAt, parseTiming } from '../../../followups/timing';
import type { SlipAction } from '../../../slips/lifecycle';
import type { FollowUpOutcome, Slip } from '../../../slips/slip';
import { REMINDER_ACTIONS, renderReminderAnswered } from '../blocks/reminder';
import { refreshCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
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
  const answer = async (body: Body, client: WebClient, slipId: string, action: SlipAction, what: string) => {
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      const slip = await deps.service.act(tenant, slipId, body.user.id, action);
      const { playbook } = await deps.playbooks.current(tenant);
      if (body.channel?.id && body.message?.ts) {
        const done = renderReminderAnswered(buildReminder(slip, 'remind', playbook.venue.timezone), what, body.user.id);
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: done.text,
          blocks: done.blocks as never,
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
    }
  };

  for (const [actionId, outcome, what] of OUTCOMES) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      await answer(body, client, action.value ?? '', { kind: 'followup_done', outcome }, what);
    });
  }

  app.action<BlockAction<StaticSelectAction>>(REMINDER_ACTIONS.snooze, async ({ ack, body, action, client }) => {
    await ack();
    const [slipId = '', choice = '15m'] = action.selected_option.value.split('|');
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const { playbook } = await deps.playbooks.current(tenant);
    const timing = parseTiming(choice === 'tomorrow' ? 'tomorrow' : choice);
    const now = deps.clock();
    const due = timing.ok
      ? dueAt(timing.timing, {
          now,
          reportedAt: now,
          timezone: playbook.venue.timezone,
          checkoutTime: playbook.venue.checkoutTime,
        })
      : undefined;
    await answer(
      body,
      client,
      slipId,
      { kind: 'snooze', dueAt: due ?? now + 15 * 60_000 },
      `snoozed (${action.selected_option.text.text})`,
    );
  });

  app.action<BlockAction<UsersSelectAction>>(REMINDER_ACTIONS.reassign, async ({ ack, body, action, client }) => {
    await ack();
    const slipId = (body.actions?.[0] as { block_id?: string } | undefined)?.block_id?.replace(/^rc_fu_/, '') ?? '';
    const to = action.selected_user;
    await answer(body, client, slipId, { kind: 'reassign', owner: to }, 'reassigned');
    // the new owner gets the reminder now
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    await deps.service
      .act(tenant, slipId, body.user.id, { kind: 'snooze', dueAt: deps.clock() })
      .catch(() => undefined);
  });

  app.action<BlockAction<ButtonAction>>(REMINDER_ACTIONS.take, async ({ ack, body, action, client }) => {
    await ack();
    await answer(
      body,
      client,
      action.value ?? '',
      { kind: 'reassign', owner: body.user.id },
      'taken by the shift on duty',
    );
  });
}
