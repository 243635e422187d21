import { renderHandoff } from '../../../src/platforms/slack/blocks/handoff';
import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import type { Playbook } from '../../../src/playbook/schema';
import { buttonPress, cardedSlip, MANAGER, type SlackTestApp, TENANT, viewSubmission } from '../../helpers/slackApp';
import { quietThenReset, savePlaybook, startWatchedSlackApp } from './slackCaptureFixture';

const SECRET = 'T6 guest at the bar kept touching our server Maria';

describe('Slack: private slips never reach the channel, a handoff or a non-manager', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  const playbook = (change: (p: Playbook) => Playbook) => savePlaybook(app, change, 'private slips');

  /** Everything the bot sent anywhere but a DM (channel posts, thread replies, updates), as one string. */
  const inChannels = () =>
    JSON.stringify(
      app.fake.calls.filter(
        (c) => ['chat.postMessage', 'chat.update'].includes(c.method) && !String(c.body.channel).startsWith('D'),
      ),
    );

  it('a "private" tick on the /recover form sends the card by DM to the reporter (buttons) and the managers', async () => {
    await app.command('', {}, { expectReply: false });
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    expect(JSON.stringify(view.blocks)).toContain('Keep this slip private');
    await app.interaction(
      viewSubmission('rc_recover_modal', String(view.private_metadata), {
        text: { value: { type: 'plain_text_input', value: SECRET } },
        private: { value: { type: 'checkboxes', selected_options: [{ value: 'private' }] } },
      }),
    );
    await app.quiet();
    const slip = (await app.web.core.slips.list(TENANT)).at(-1)!;
    expect(slip).toMatchObject({ private: true, cardChannel: 'DU1' });
    expect(inChannels()).not.toContain('Maria');
    const dms = app.fake.callsOf('chat.postMessage').filter((c) => String(c.body.channel).startsWith('D'));
    const toReporter = dms.find((c) => c.body.channel === 'DU1')!;
    expect(JSON.stringify(toReporter.body.blocks)).toContain(ACTION_IDS.acknowledge);
    const toManager = dms.find((c) => c.body.channel === 'DUMGR' && /Private slip/.test(String(c.body.text)))!;
    expect(JSON.stringify(toManager.body.blocks)).not.toContain(ACTION_IDS.acknowledge);

    // the reporter's DM card works, and is updated where it lives
    app.fake.reset();
    await app.interaction(
      buttonPress(app, ACTION_IDS.acknowledge, slip.id, { channel: 'DU1', messageTs: slip.cardRef }),
    );
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');
    // and the manager's read-only copy follows it (slackPrivateCopies.test.ts)
    expect(app.fake.callsOf('chat.update').map((c) => c.body)).toEqual([
      expect.objectContaining({ channel: 'DU1', ts: slip.cardRef }),
      expect.objectContaining({ channel: 'DUMGR' }),
    ]);
    expect(inChannels()).not.toContain('Maria');
  });

  it('a category the playbook marks private: the channel sees one notice in the thread, or nothing when silent', async () => {
    await playbook((p) => ({
      ...p,
      categories: p.categories.map((c) => (c.id === 'rude_staff' ? { ...c, private: true } : c)),
    }));
    const { ts } = await app.message('T9 says our waiter was really rude to them, guest upset');
    await app.quiet();
    const slip = await cardedSlip(app, ts);
    expect(slip).toMatchObject({ private: true, categoryId: 'rude_staff' });
    const channelPosts = app.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'C1');
    expect(channelPosts.map((c) => c.body.text)).toEqual([
      'A private slip was logged; only the people who need it can see it.',
    ]);
    expect(channelPosts[0]!.body.thread_ts).toBe(ts);

    await playbook((p) => ({ ...p, privateSlips: 'silent' }));
    app.fake.reset();
    const second = await app.message('T10 says the waiter was rude and ignored them, upset');
    await app.quiet();
    await cardedSlip(app, second.ts);
    expect(app.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'C1')).toEqual([]);
  });

  it('a handoff counts private slips without their text, guest or category; App Home shows them only to managers', async () => {
    const view = await app.web.handoffs.preview(TENANT, 'C1');
    const rendered = JSON.stringify(renderHandoff(view));
    expect(rendered).toContain('Private slip');
    for (const secret of ['Maria', 'T6', 'T9', 'T10', 'rude', 'Rude']) expect(rendered).not.toContain(secret);

    const open = await app.message('T2 got the wrong wine, guest annoyed');
    await cardedSlip(app, open.ts);
    app.fake.reset();
    await app.command('home', { user_id: 'U1' });
    await app.command('home', { user_id: MANAGER });
    await app.quiet();
    const homes = app.fake.callsOf('views.publish');
    const home = (user: string) => JSON.stringify(homes.find((c) => c.body.user_id === user)?.body.view);
    expect(home('U1')).not.toContain('Maria');
    expect(home('U1')).not.toMatch(/rude/i);
    expect(home('U1')).toContain('wrong wine');
    expect(home(MANAGER)).toBeDefined();
  });
  it('"Wrong category?" into a private category takes the card out of the channel and sends it by DM', async () => {
    // rude_staff is private from the test before; a wine slip is not
    const { ts } = await app.message('T4 got the wrong wine, guest annoyed again');
    const slip = await cardedSlip(app, ts);
    expect(slip.private).toBeFalsy();
    app.fake.reset();
    await app.interaction(buttonPress(app, ACTION_IDS.recategorize, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    await app.interaction(
      viewSubmission('rc_recategorize_modal', String(view.private_metadata), {
        category: { value: { type: 'static_select', selected_option: { value: 'rude_staff' } } },
      }),
    );
    await app.quiet();
    const moved = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(moved).toMatchObject({ private: true, categoryId: 'rude_staff', cardChannel: 'DU1' });
    expect(app.fake.callsOf('chat.delete').map((c) => c.body)).toEqual([
      expect.objectContaining({ channel: 'C1', ts: slip.cardRef }),
    ]);
    expect(inChannels()).not.toContain('wrong wine');
    expect(app.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'DU1')).toBe(true);
  });
  it('"Wrong category?" into a private category: when the channel card cannot be deleted, it is overwritten', async () => {
    await playbook((p) => ({ ...p, privateSlips: 'notice' }));
    const { ts } = await app.message('T5 got the wrong wine, guest annoyed once more');
    const slip = await cardedSlip(app, ts);
    app.fake.reset();
    app.fake.fail('chat.delete', { status: 200, body: { ok: false, error: 'cant_delete_message' } });
    await app.interaction(buttonPress(app, ACTION_IDS.recategorize, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    await app.interaction(
      viewSubmission('rc_recategorize_modal', String(view.private_metadata), {
        category: { value: { type: 'static_select', selected_option: { value: 'rude_staff' } } },
      }),
    );
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!).toMatchObject({ private: true, cardChannel: 'DU1' });
    const overwritten = app.fake.callsOf('chat.update').filter((c) => c.body.channel === 'C1');
    expect(overwritten.map((c) => c.body)).toEqual([
      expect.objectContaining({
        ts: slip.cardRef,
        text: 'A private slip was logged; only the people who need it can see it.',
      }),
    ]);
    expect(JSON.stringify(overwritten)).not.toContain(ACTION_IDS.acknowledge);
    expect(inChannels()).not.toContain('wrong wine');
  });
});
