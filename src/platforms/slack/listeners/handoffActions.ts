import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { render, said } from '../../../conversation/catalogue';
import { HANDOFF_ACTIONS, renderHandoff } from '../blocks/handoff';
import { refreshCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { pressedOn, requireMayPostHandoff, requireMayTake } from '../payloadChecks';
import { explain } from '../replies';
import { SLACK_STYLE } from '../style';
import { publishHome } from './appHome';

/**
 * The handoff's buttons: "Take this" makes the presser the owner of a carried-over slip; "Post now" posts the shift
 * so far to the channel; "Open in App Home" (when no deep link is known) refreshes the person's App Home.
 */
export function registerHandoffActions(app: App, deps: SlackDeps): void {
  const pattern = new RegExp(`^(${Object.values(HANDOFF_ACTIONS).join('|')})$`);
  app.action<BlockAction<ButtonAction>>(pattern, async ({ ack, body, action, respond, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    try {
      if (action.action_id === HANDOFF_ACTIONS.take) {
        const slip = await deps.service.get(tenant, action.value ?? '');
        await requireMayTake(deps, client, slip, pressedOn(body));
        const mine =
          slip.owner === body.user.id
            ? slip
            : await deps.service.act(tenant, slip.id, body.user.id, { kind: 'reassign', owner: body.user.id });
        await refreshCard(client, deps, mine).catch(() => undefined);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: render(said('tookSlip', { slipId: mine.id, guest: mine.guestRef?.text }), SLACK_STYLE),
        });
        return;
      }
      if (action.action_id === HANDOFF_ACTIONS.post) {
        const channel = action.value ?? body.channel?.id ?? '';
        await requireMayPostHandoff(deps, tenant, channel, pressedOn(body));
        const view = await deps.handoffs.preview(tenant, channel);
        const rendered = renderHandoff({ ...view, preview: false, shiftName: `${view.shiftName} (so far)` });
        if (rendered)
          await client.chat.postMessage({
            channel,
            text: rendered.message.text,
            blocks: rendered.message.blocks,
          });
        await respond({ delete_original: true });
        return;
      }
      await publishHome(client, deps, tenant, body.user.id);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Your App Home is up to date: open recovery-coach and choose Home.',
      });
    } catch (error) {
      const text = explain(deps.log, error, { tenant, where: 'handoff action' });
      // a press on no message (crafted: these buttons are only on messages) has nowhere to be answered
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
    }
  });
}
