import { describeSchedule } from '../../../handoff/schedule';
import { renderHandoff } from '../blocks/handoff';
import type { SlackDeps } from '../deps';
import type { CommandExtensions } from './recoverCommand';

/** `/recover shifts …` (managers set, everyone can see) and `/recover handoff` (a preview of the shift so far). */
export function handoffCommands(deps: SlackDeps): CommandExtensions {
  return {
    shifts: async ({ command, tenant, args }) => {
      const word = args.trim().toLowerCase();
      if (word === '') {
        const schedule = await deps.handoffs.getSchedule(tenant, command.channel_id);
        return {
          response_type: 'ephemeral',
          text: schedule
            ? `${describeSchedule(schedule)} The handoff is posted here at each change.`
            : 'No shift times set for this channel. A manager can run `/recover shifts 06:00 14:00 22:00 America/Chicago`.',
        };
      }
      await deps.permissions.require(tenant, command.user_id, 'manager', 'set shift times');
      if (word === 'off' || word === 'none') {
        const removed = await deps.handoffs.removeSchedule(tenant, command.channel_id);
        return {
          response_type: 'in_channel',
          text: removed ? 'Shift handoffs are off for this channel.' : 'This channel had no shift times.',
        };
      }
      const schedule = await deps.handoffs.setSchedule({
        tenant,
        channel: command.channel_id,
        args,
        by: command.user_id,
        appId: command.api_app_id,
      });
      return {
        response_type: 'in_channel',
        text: `${describeSchedule(schedule)} I'll post a handoff here at each change (set by <@${command.user_id}>).`,
      };
    },
    handoff: async ({ command, tenant }) => {
      const view = await deps.handoffs.preview(tenant, command.channel_id);
      const rendered = renderHandoff({ ...view, appId: view.appId ?? command.api_app_id });
      return rendered
        ? { response_type: 'ephemeral', text: rendered.message.text, blocks: rendered.message.blocks as never }
        : { response_type: 'ephemeral', text: 'No guest issues logged this shift so far.' };
    },
  };
}
