import type { App, MessageShortcut } from '@slack/bolt';
import { recoverModal } from '../blocks/modals';
import { type SlackDeps, slackTenant } from '../deps';
import { sealContext } from '../modalSeal';
import { explain } from '../replies';

export const SHORTCUT_ID = 'rc_recover_shortcut';

/** "Recover from this message": the /recover form, filled in from the message and the detector. */
export function registerMessageShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(SHORTCUT_ID, async ({ ack, shortcut, client }) => {
    await ack();
    const tenant = slackTenant(shortcut.team?.id, shortcut.enterprise?.id);
    const text = shortcut.message.text ?? '';
    try {
      const preview = text.trim()
        ? await deps.service.preview(
            {
              tenant,
              platform: 'slack',
              channel: shortcut.channel.id,
              messageRef: shortcut.message.ts,
              user: shortcut.user.id,
              text,
            },
            { force: true },
          )
        : undefined;
      const slip = preview?.kind === 'preview' ? preview.slip : undefined;
      const { playbook } = await deps.playbooks.current(tenant);
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: recoverModal(
          sealContext(
            {
              channel: shortcut.channel.id,
              messageTs: shortcut.message.ts,
              threadTs: shortcut.message.thread_ts ?? shortcut.message.ts,
            },
            { tenant, user: shortcut.user.id },
            deps.modalKey,
          ),
          {
            text: slip?.text ?? text,
            guestRef: slip?.guestRef?.text,
            categoryId: slip?.categoryId,
            severity: slip?.severity,
            categories: playbook.categories.filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name })),
          },
        ),
      });
    } catch (error) {
      const message = explain(deps.log, error, { tenant, where: 'message shortcut' });
      await client.chat
        .postEphemeral({ channel: shortcut.channel.id, user: shortcut.user.id, text: message })
        .catch(() => undefined);
    }
  });
}
