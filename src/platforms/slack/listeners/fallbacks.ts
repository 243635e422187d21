import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';

/**
 * Interactions that are not ours (another app's blocks in a shared message, a closed modal, options requests):
 * acknowledged at once so Slack never shows the person an error, and logged at debug.
 */
export function registerFallbacks(app: App, deps: SlackDeps): void {
  const notOurs = /^(?!rc_)/;
  app.action({ action_id: notOurs }, async ({ ack, body }) => {
    await ack();
    deps.log.debug({ type: body.type }, 'ignored an action that is not ours');
  });
  app.shortcut({ callback_id: notOurs }, async ({ ack }) => {
    await ack();
  });
  app.view({ callback_id: /.*/, type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.view({ callback_id: notOurs, type: 'view_submission' }, async ({ ack }) => {
    await ack();
  });
  app.command(/^(?!\/recover$)/, async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'I only answer `/recover`. Try `/recover help`.' });
  });
  app.options({ action_id: /.*/ }, async ({ ack }) => {
    await ack({ options: [] });
  });
}
