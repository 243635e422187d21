import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { AppError } from '../../../errors';
import { describeSchedule } from '../../../handoff/schedule';
import { encodeContext, readInput } from '../blocks/modals';
import { escapeMrkdwn, LIMITS, md, plain } from '../blocks/text';
import { type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';
import { type HomeExtension, publishHome } from './appHome';

const OPEN = 'rc_shifts_open';
const MODAL = 'rc_shifts_modal';

/** App Home (managers): each channel's shift times, and a button to set them. */
export function shiftHomeSection(deps: SlackDeps): HomeExtension {
  return async (tenant) => {
    const schedules = await deps.handoffs.getSchedules(tenant);
    const lines = schedules.map((s) => `• <#${s.channel}>: ${escapeMrkdwn(describeSchedule(s))}`);
    return [
      { type: 'section', text: md(`*Shift handoffs*\n${lines.join('\n') || 'No shift times set yet.'}`) },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: OPEN, text: plain('Set shift times…', LIMITS.buttonText), value: 'open' },
        ],
      },
    ];
  };
}

/** The "Set shift times" modal: channel, times, time zone, and what a quiet shift posts. Managers only, checked on submit. */
export function registerShiftSettings(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(OPEN, async ({ ack, body, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      await deps.permissions.require(tenant, body.user.id, 'manager', 'set shift times');
      const [watched, { playbook }] = await Promise.all([deps.channels.list(tenant), deps.playbooks.current(tenant)]);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: shiftModal(watched[0]?.channel, playbook.venue.timezone),
      });
    } catch (error) {
      explain(deps.log, error, { tenant, where: 'open shift settings' });
    }
  });

  app.view<ViewSubmitAction>(MODAL, async ({ ack, body, view, client }) => {
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const values = view.state.values;
    const channel = (values.channel?.value as { selected_conversation?: string } | undefined)?.selected_conversation;
    const times = (readInput(values, 'times') as string | undefined) ?? '';
    const zone = (readInput(values, 'zone') as string | undefined) ?? '';
    const quiet =
      (values.quiet?.value as { selected_option?: { value: string } } | undefined)?.selected_option?.value ?? 'line';
    if (!channel)
      return void (await ack({ response_action: 'errors', errors: { channel: 'Pick the shift channel.' } }));
    try {
      await deps.permissions.require(tenant, body.user.id, 'manager', 'set shift times');
      await deps.handoffs.setSchedule({
        tenant,
        channel,
        args: `${times} ${zone} ${quiet}`,
        by: body.user.id,
        appId: body.api_app_id,
      });
    } catch (error) {
      const message = explain(deps.log, error, { tenant, where: 'save shift settings' }).replace(/^:warning: /, '');
      const field =
        error instanceof AppError && error.code === 'FORBIDDEN'
          ? 'channel'
          : /zone/i.test(message) && !/times/.test(message)
            ? 'zone'
            : 'times';
      return void (await ack({ response_action: 'errors', errors: { [field]: message.slice(0, 150) } }));
    }
    await ack();
    await publishHome(client, deps, tenant, body.user.id).catch(() => undefined);
  });
}

function shiftModal(channel: string | undefined, zone: string): ModalView {
  return {
    type: 'modal',
    callback_id: MODAL,
    title: plain('Shift times', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: encodeContext({}),
    blocks: [
      {
        type: 'input',
        block_id: 'channel',
        label: plain('Shift channel', 2000),
        element: {
          type: 'conversations_select',
          action_id: 'value',
          ...(channel ? { initial_conversation: channel } : {}),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
      {
        type: 'input',
        block_id: 'times',
        label: plain('Shift changes (24-hour)', 2000),
        element: { type: 'plain_text_input', action_id: 'value', placeholder: plain('06:00 14:00 22:00', 150) },
      },
      {
        type: 'input',
        block_id: 'zone',
        label: plain('Time zone', 2000),
        element: { type: 'plain_text_input', action_id: 'value', initial_value: zone },
        hint: plain('An IANA zone such as America/Chicago or Europe/London.', 150),
      },
      {
        type: 'input',
        block_id: 'quiet',
        label: plain('When nothing happened', 2000),
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          initial_option: { text: plain('Post a short line', 75), value: 'line' },
          options: [
            { text: plain('Post a short line', 75), value: 'line' },
            { text: plain('Post nothing', 75), value: 'silent' },
          ],
        },
      },
    ],
  };
}
