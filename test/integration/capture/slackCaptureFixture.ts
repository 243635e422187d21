import { STEP_OFFER_ACTIONS } from '../../../src/platforms/slack/listeners/threadReplies';
import type { Playbook } from '../../../src/playbook/schema';
import { buttonPress, MANAGER, type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';

/** Shared setup for the Slack capture tests: the app watching C1, button presses and the playbook edits they make. */

type Blocks = Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;

/** The value of the button with this action id in a message's blocks. */
export function buttonValue(blocks: unknown, actionId: string): string | undefined {
  return (blocks as Blocks | undefined)?.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
}

/** `user` presses the button `actionId` (carrying `value`) in `channel`, with an optional block state. */
export function press(
  app: SlackTestApp,
  actionId: string,
  value: string,
  user: string,
  channel = 'C1',
  state?: NonNullable<Parameters<typeof buttonPress>[3]>['state'],
) {
  return app.interaction(buttonPress(app, actionId, value, { user, channel, ...(state ? { state } : {}) }));
}

/** U1 confirms the step the bot offered in its first ephemeral (the thread reply's one-tap step). */
export async function confirmOffer(app: SlackTestApp): Promise<void> {
  await press(
    app,
    STEP_OFFER_ACTIONS.confirm,
    buttonValue(app.fake.callsOf('chat.postEphemeral')[0]!.body.blocks, STEP_OFFER_ACTIONS.confirm)!,
    'U1',
  );
}

/** The Slack test app, watching C1, after `setup` has run. */
export async function startWatchedSlackApp(setup?: (app: SlackTestApp) => Promise<void>): Promise<SlackTestApp> {
  const app = await startSlackTestApp();
  await app.watch('C1');
  await setup?.(app);
  return app;
}

/** Between tests: let the app finish its work, then forget what the fake Slack recorded. */
export async function quietThenReset(app: SlackTestApp): Promise<void> {
  await app.quiet();
  app.fake.reset();
}

/** Saves the playbook as `change` leaves a copy of the current one, by the manager. */
export async function savePlaybook(
  app: SlackTestApp,
  change: (playbook: Playbook) => Playbook,
  summary: string,
): Promise<void> {
  const current = await app.web.core.playbooks.current(TENANT);
  await app.web.core.playbooks.save(TENANT, change(structuredClone(current.playbook)), {
    expectedVersion: current.version,
    author: MANAGER,
    summary,
  });
}
