import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import type { RecordedCall } from '../../helpers/fakeSlack';
import {
  buttonPress,
  cardedSlip,
  MANAGER,
  MANAGER_DM,
  type SlackTestApp,
  settle,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';
import { quietThenReset, savePlaybook, startWatchedSlackApp } from './slackCaptureFixture';

/**
 * A private slip's managers' DM copies (read-only) follow the slip as its card does: a step pressed on the reporter's
 * card, a new category, a close, and the worker's redraw when a clock target passes all redraw the manager's copy
 * in place (chat.update of the message first sent), still headed and still without buttons.
 */
describe("Slack: a private slip's managers' copies are redrawn with its card", () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp((started) =>
      savePlaybook(
        started,
        (playbook) => ({
          ...playbook,
          categories: playbook.categories.map((c) => (c.id === 'rude_staff' ? { ...c, private: true } : c)),
        }),
        'private slips',
      ),
    );
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  /** The manager's copy as first posted (its DM message), and the slip. */
  async function privateSlip(text: string) {
    const { ts } = await app.message(text);
    const slip = await cardedSlip(app, ts);
    await app.quiet();
    expect(slip).toMatchObject({ private: true, cardChannel: 'DU1' });
    const copy = app.fake
      .callsOf('chat.postMessage')
      .find((c) => c.body.channel === MANAGER_DM && String(c.body.text).startsWith(`Private slip #${slip.id}`))!;
    expect(copy).toBeDefined();
    const posted = app.fake.messages.find((m) => m.channel === MANAGER_DM && m.text === copy.body.text)!;
    app.fake.reset();
    return { slip, copyTs: posted.ts };
  }

  const copyUpdates = (ts: string): RecordedCall[] =>
    app.fake.callsOf('chat.update').filter((c) => c.body.channel === MANAGER_DM && c.body.ts === ts);

  function expectReadOnlyCopy(call: RecordedCall | undefined, slipId: string, words: RegExp): void {
    expect(call).toBeDefined();
    const blocks = JSON.stringify(call!.body.blocks);
    expect(String(call!.body.text)).toContain(`Private slip #${slipId}, reported by <@U1>`);
    expect(blocks).toMatch(words);
    expect(blocks).not.toContain('"actions"');
    for (const id of Object.values(ACTION_IDS)) expect(blocks).not.toContain(id);
  }

  it('a step pressed, a new category and a close each redraw the copy in place', async () => {
    const { slip, copyTs } = await privateSlip('T9 says our waiter was really rude to them, guest upset');

    await app.interaction(
      buttonPress(app, ACTION_IDS.acknowledge, slip.id, { channel: 'DU1', messageTs: slip.cardRef }),
    );
    await app.quiet();
    expect(copyUpdates(copyTs)).toHaveLength(1);
    expectReadOnlyCopy(copyUpdates(copyTs)[0], slip.id, /acknowledged in/);

    app.fake.reset();
    await app.interaction(
      buttonPress(app, ACTION_IDS.recategorize, slip.id, { channel: 'DU1', messageTs: slip.cardRef }),
    );
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    await app.interaction(
      viewSubmission('rc_recategorize_modal', String(view.private_metadata), {
        category: { value: { type: 'static_select', selected_option: { value: 'food_quality' } } },
      }),
    );
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.categoryId).toBe('food_quality');
    expect(copyUpdates(copyTs)).toHaveLength(1);
    expectReadOnlyCopy(copyUpdates(copyTs)[0], slip.id, /Food or drink quality/);

    app.fake.reset();
    await app.interaction(buttonPress(app, ACTION_IDS.close, slip.id, { channel: 'DU1', messageTs: slip.cardRef }));
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('closed');
    expect(copyUpdates(copyTs)).toHaveLength(1);
    expectReadOnlyCopy(copyUpdates(copyTs)[0], slip.id, /Closed by <@U1>/);
    // nothing of it went to the channel
    const inChannel = app.fake.calls.filter((c) => String(c.body.channel) === 'C1');
    expect(JSON.stringify(inChannel)).not.toMatch(/T9|rude/i);
  });

  it("the worker's redraw (a clock target passed) redraws the copy too", async () => {
    const current = await app.web.core.playbooks.current(TENANT);
    await app.web.core.playbooks.save(
      TENANT,
      { ...current.playbook, targets: { acknowledge: 0.01, correct: 60, manager: 120, bySeverity: {} } },
      { expectedVersion: current.version, author: MANAGER, summary: 'fast acknowledge target' },
    );
    const { slip, copyTs } = await privateSlip('T12 guest says the host was rude to her at the door, upset');
    const deadline = Date.now() + 15_000;
    while (copyUpdates(copyTs).length === 0 && Date.now() < deadline) await settle(50);
    await app.quiet();
    expectReadOnlyCopy(copyUpdates(copyTs).at(-1), slip.id, /acknowledge is overdue/);
    expect(app.fake.callsOf('chat.update').some((c) => c.body.channel === 'DU1' && c.body.ts === slip.cardRef)).toBe(
      true,
    );
  });
});
