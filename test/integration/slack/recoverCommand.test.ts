import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import { DRAFT_ACTIONS } from '../../../src/platforms/slack/listeners/recoverCommand';
import {
  buttonPress,
  cardedSlip,
  MANAGER,
  MANAGER_DM,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';

describe('Slack: /recover', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  it('answers help and mistyped subcommands, never silence', async () => {
    const help = await app.command('help');
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String(help.json!.text)).toContain('/recover watch');
    const typo = await app.command('wacth');
    expect(String(typo.json!.text)).toContain("I don't know `wacth`");
    // the playbook editor lives in App Home: the command says where, rather than not knowing the word
    const playbook = await app.command('playbook');
    expect(String(playbook.json!.text)).toMatch(/Home/);
    // "home" brings the Home tab up to date and says where it is
    const home = await app.command('home');
    expect(String(home.json!.text)).toMatch(/Home/);
    const [published] = await app.fake.waitFor('views.publish');
    expect(published!.body.user_id).toBe('U1');
  });

  it('lets only managers watch and unwatch a channel', async () => {
    const refused = await app.command('watch', { user_id: 'U1' });
    expect(String(refused.json!.text)).toContain('Only managers can watch channels.');
    expect(await app.web.core.channels.isWatched(TENANT, 'C1')).toBe(false);
    const watched = await app.command('watch', { user_id: MANAGER });
    expect(watched.json).toMatchObject({ response_type: 'in_channel' });
    expect(await app.web.core.channels.isWatched(TENANT, 'C1')).toBe(true);
    const unwatched = await app.command('unwatch', { user_id: MANAGER });
    expect(String(unwatched.json!.text)).toContain('stopped watching');
    expect(await app.web.core.channels.isWatched(TENANT, 'C1')).toBe(false);
  });

  it('treats workspace admins as managers', async () => {
    app.fake.admins.add('UADMIN');
    const watched = await app.command('watch', { user_id: 'UADMIN', channel_id: 'C7' });
    expect(watched.json).toMatchObject({ response_type: 'in_channel' });
    expect(await app.web.core.channels.isWatched(TENANT, 'C7')).toBe(true);
  });

  it('grants roles (managers only), which change the gestures a person may give', async () => {
    const refused = await app.command('role <@U2|sam> lead', { user_id: 'U1' });
    expect(String(refused.json!.text)).toContain('Only managers can grant roles.');
    const granted = await app.command('role <@U2|sam> lead', { user_id: MANAGER });
    expect(String(granted.json!.text)).toContain('<@U2> is now *Shift lead*: tier 2, comps up to USD 60');
    expect(await app.web.core.permissions.roleOf(TENANT, 'U2')).toBe('shift_lead');
    const bad = await app.command('role <@U2|sam> emperor', { user_id: MANAGER });
    expect(String(bad.json!.text)).toContain('There is no role "emperor"');
    await app.command('role <@U2|sam> staff', { user_id: MANAGER });
    expect(await app.web.core.permissions.roleOf(TENANT, 'U2')).toBeUndefined();
  });

  it('previews a slip ephemerally; "Post to channel" posts the card once', async () => {
    const preview = await app.command('T12 got the wrong steak, guest annoyed <!channel>');
    expect(preview.json).toMatchObject({ response_type: 'ephemeral' });
    const blocks = JSON.stringify(preview.json!.blocks);
    expect(blocks).toContain('Post to channel');
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('guest annoyed @channel');
    expect(await app.web.core.slips.list(TENANT)).toHaveLength(0);
    const draftId = (preview.json!.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find(
      (b) => b.type === 'actions',
    )!.elements![0]!.value;
    await app.interaction(buttonPress(app, DRAFT_ACTIONS.post, draftId));
    const [done] = await app.fake.waitForResponses(1, 5000, 'r1');
    expect(String(done!.body.text)).toMatch(/^Posted slip #\d+ to the channel\.$/);
    const [posted] = await app.fake.waitFor('chat.postMessage');
    expect(posted!.body).toMatchObject({ channel: 'C1' });
    expect(posted!.body.thread_ts).toBeUndefined();
    const [slip] = await app.web.core.slips.list(TENANT);
    expect(slip).toMatchObject({ categoryId: 'wrong_order', cardRef: expect.any(String) });
    expect(slip!.threadRef).toBe(slip!.cardRef);
    await app.interaction(buttonPress(app, DRAFT_ACTIONS.post, draftId));
    const responses = await app.fake.waitForResponses(2, 5000, 'r1');
    expect(responses.map((r) => String(r.body.text))).toContainEqual(
      expect.stringContaining('expired or was already used'),
    );
    expect(app.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('"Log it" logs without posting, and tells where to find it', async () => {
    const preview = await app.command('the couple by the window want a word about the bill');
    const draftId = (preview.json!.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find(
      (b) => b.type === 'actions',
    )!.elements![1]!.value;
    await app.interaction(buttonPress(app, DRAFT_ACTIONS.log, draftId));
    const [response] = await app.fake.waitForResponses(1, 5000, 'r1');
    expect(String(response!.body.text)).toMatch(/^Logged as slip #\d+\. It's on your App Home/);
    expect(app.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('opens the form when given no text, and the submitted form posts a card', async () => {
    const acked = await app.command('', {}, { expectReply: false });
    expect(acked).toMatchObject({ status: 200, body: '' });
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    expect(view.callback_id).toBe('rc_recover_modal');
    const submit = await app.interaction(
      viewSubmission('rc_recover_modal', String(view.private_metadata), {
        text: { value: { type: 'plain_text_input', value: 'the lady at the bar says the music hurts her ears' } },
        guest: { value: { type: 'plain_text_input', value: 'bar seat 4' } },
        category: { value: { type: 'static_select', selected_option: { value: 'noise' } } },
        severity: { value: { type: 'static_select', selected_option: null } },
      }),
    );
    expect(submit.status).toBe(200);
    const [posted] = await app.fake.waitFor('chat.postMessage');
    expect(String(posted!.body.text)).toContain('Noise · bar seat 4');
    const slips = await app.web.core.slips.list(TENANT);
    expect(slips.at(-1)).toMatchObject({ categoryId: 'noise', guestRef: { key: 'bar-seat:4' } });
  });

  it('refuses an empty form with a field error and stores nothing', async () => {
    const before = (await app.web.core.slips.list(TENANT)).length;
    const submit = await app.interaction(
      viewSubmission('rc_recover_modal', JSON.stringify({ channel: 'C1' }), {
        text: { value: { type: 'plain_text_input', value: '  ' } },
      }),
    );
    expect(submit.json).toEqual({ response_action: 'errors', errors: { text: 'Tell me what happened.' } });
    expect((await app.web.core.slips.list(TENANT)).length).toBe(before);
  });

  it('a message shortcut opens the form filled in from the message', async () => {
    await app.interaction({
      type: 'message_action',
      callback_id: 'rc_recover_shortcut',
      team: { id: 'T1', domain: 'venue' },
      user: { id: 'U1', name: 'alex' },
      channel: { id: 'C1', name: 'shift-floor' },
      message: {
        type: 'message',
        user: 'U5',
        ts: '1700000500.000100',
        text: 'rm 405 no hot water, guest call +1 312 555 0100',
      },
      trigger_id: 'trig-shortcut',
      response_url: app.fake.responseUrl(),
      token: 'legacy',
      api_app_id: 'A1',
      action_ts: '1700000501.1',
      message_ts: '1700000500.000100',
    });
    const [open] = await app.fake.waitFor('views.open');
    const text = JSON.stringify(open!.body.view);
    expect(text).toContain('no hot water');
    expect(text).toContain('[phone]');
    expect(text).toContain('"value":"room_problem"');
    await app.quiet();
  });

  it('uses the card buttons: acknowledge updates in place, escalate pages the manager', async () => {
    await app.web.core.channels.watch({ tenant: TENANT, channel: 'C1', by: MANAGER, at: Date.now() });
    const { ts } = await app.message('T4 soup was cold');
    const slip = await cardedSlip(app, ts);
    app.fake.reset();
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef }));
    const [update] = await app.fake.waitFor('chat.update');
    expect(update!.body).toMatchObject({ channel: 'C1', ts: slip.cardRef });
    expect(JSON.stringify(update!.body.blocks)).toContain(':white_check_mark: <@U1>');
    await app.interaction(buttonPress(app, ACTION_IDS.escalate, slip.id, { messageTs: slip.cardRef }));
    const dms = await app.fake.waitFor('chat.postMessage');
    expect(dms.map((c) => c.body.channel)).toContain(MANAGER_DM);
    expect(String(dms[0]!.body.text)).toContain(`Slip #${slip.id} needs a manager`);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.escalated).toBe(true);
  });
});
