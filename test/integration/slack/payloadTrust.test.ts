import { Redis } from 'ioredis';
import { HANDOFF_ACTIONS } from '../../../src/platforms/slack/blocks/handoff';
import { PLAYBOOK_MODALS } from '../../../src/platforms/slack/blocks/playbookEditor';
import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import { REMINDER_ACTIONS } from '../../../src/platforms/slack/blocks/reminder';
import { dumpPrefix, testRedisUrl } from '../../helpers/redis';
import {
  buttonPress,
  cardedSlip,
  postedSlip,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';

/**
 * Signed is not trusted: every id inside an interactive payload is checked against what the server knows, and the
 * same payload twice is applied once. Each crafted payload is refused and changes nothing.
 */
describe('Slack: payloads are checked on the server', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({}, { worker: false });
    await app.watch('C1');
    await app.web.core.channels.watch({ tenant: 'slack-T2', channel: 'C2', by: 'UMGR', at: Date.now() });
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  it('a press whose user, team and enterprise differ never acts on another workspace’s slip of the same number', async () => {
    const ours = await postedSlip(app, 'T5 got the wrong steak, guest annoyed');
    // another workspace (a Slack Connect partner) has its own slip of the same number
    const event = {
      type: 'message',
      channel: 'C2',
      channel_type: 'channel',
      user: 'UX',
      text: 'T9 got the wrong pasta, guest annoyed',
      ts: '1700000900.000100',
    };
    await app.event(event, { team_id: 'T2', authorizations: [{ team_id: 'T2', user_id: 'UBOT', is_bot: true }] });
    await app.fake.waitFor('chat.postMessage');
    const theirs = (await app.web.core.slips.findByMessage('slack-T2', 'C2', event.ts))!;
    expect(theirs.id).toBe(ours.id);
    app.fake.reset();
    const press = {
      ...buttonPress(app, ACTION_IDS.acknowledge, ours.id, { messageTs: ours.cardRef }),
      team: { id: 'T2', domain: 'partner' },
      enterprise: { id: 'E9', name: 'grid' },
      user: { id: 'UX', name: 'sam', team_id: 'T3' },
    };
    await app.interaction(press);
    const [reply] = await app.fake.waitForResponses(1);
    expect(String(reply!.body.text)).toContain(`There is no slip #${ours.id}.`);
    expect((await app.web.core.slips.get(TENANT, ours.id))!.status).toBe('open');
    expect((await app.web.core.slips.get('slack-T2', theirs.id))!.status).toBe('open');
    expect(app.fake.callsOf('chat.update')).toEqual([]);
  });

  it('the same signed interaction delivered five times is applied once', async () => {
    const slip = await postedSlip(app, 'T7 soup is cold, guest unhappy');
    const press = buttonPress(app, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef });
    for (let i = 0; i < 5; i++) expect((await app.interaction(press)).status).toBe(200);
    await app.fake.waitFor('chat.update');
    // barrier: a different press answered after the replays, so anything they would have done is done by now
    await app.interaction(buttonPress(app, ACTION_IDS.connect, slip.id, { messageTs: slip.cardRef }));
    await app.fake.waitForResponses(1);
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    expect(app.fake.callsOf('chat.update')).toHaveLength(1);
  });

  it('the /recover form posts only to the channel it was opened in, for the person it was opened for', async () => {
    await app.command('', { channel_id: 'C1' }, { expectReply: false });
    const [open] = await app.fake.waitFor('views.open');
    const metadata = JSON.parse(String((open!.body.view as { private_metadata: string }).private_metadata));
    const values = { text: { value: { type: 'plain_text_input', value: 'T3 waited an hour for mains' } } };
    const before = (await app.web.core.slips.list(TENANT)).length;
    const elsewhere = await app.interaction(
      viewSubmission('rc_recover_modal', JSON.stringify({ ...metadata, channel: 'C9' }), values),
    );
    expect(elsewhere.json).toMatchObject({
      response_action: 'errors',
      errors: { text: expect.stringContaining('not opened for you') },
    });
    const someoneElse = await app.interaction(
      viewSubmission('rc_recover_modal', JSON.stringify(metadata), values, 'U5'),
    );
    expect(someoneElse.json).toMatchObject({ response_action: 'errors' });
    expect((await app.web.core.slips.list(TENANT)).length).toBe(before);
    expect(app.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('the Corrected form cannot be pointed at another slip', async () => {
    const target = await postedSlip(app, 'T8 fish is cold, guest annoyed');
    const other = await postedSlip(app, 'T10 wrong wine, guest annoyed');
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, other.id, { messageTs: other.cardRef }));
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, target.id, { messageTs: target.cardRef }));
    await app.fake.waitFor('chat.update', 2);
    await app.interaction(buttonPress(app, ACTION_IDS.correct, target.id, { messageTs: target.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const metadata = JSON.parse(String((open!.body.view as { private_metadata: string }).private_metadata));
    const swapped = await app.interaction(
      viewSubmission('rc_correct_modal', JSON.stringify({ ...metadata, slipId: other.id }), {
        fix: { value: { type: 'plain_text_input', value: 're-fired' } },
      }),
    );
    expect(swapped.json).toMatchObject({ response_action: 'errors' });
    expect((await app.web.core.slips.get(TENANT, other.id))!.status).toBe('acknowledged');
  });

  it('a gesture the playbook does not have and a 1 MB field are refused by the Corrected form', async () => {
    const slip = await postedSlip(app, 'T11 burger came out raw, guest upset');
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef }));
    await app.interaction(buttonPress(app, ACTION_IDS.correct, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const metadata = String((open!.body.view as { private_metadata: string }).private_metadata);
    const unknown = await app.interaction(
      viewSubmission('rc_correct_modal', metadata, {
        gesture: { value: { type: 'static_select', selected_option: { value: '<!here> Free everything' } } },
        cost: { value: { type: 'number_input', value: '5' } },
      }),
    );
    expect(unknown.json).toEqual({ response_action: 'errors', errors: { gesture: 'Pick a gesture from the list.' } });
    const huge = await app.interaction(
      viewSubmission('rc_correct_modal', metadata, {
        fix: { value: { type: 'plain_text_input', value: 'x'.repeat(900 * 1024) } },
      }),
    );
    expect(huge.status).toBe(200);
    expect(huge.json).toMatchObject({ response_action: 'errors', errors: { fix: expect.stringContaining('500') } });
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.status).toBe('acknowledged');
    expect(JSON.stringify(after)).not.toContain('Free everything');
  });

  it('"Post now" from a DM cannot post a handoff into another channel', async () => {
    await app.interaction(buttonPress(app, HANDOFF_ACTIONS.post, 'C1', { channel: 'DU1' }));
    const [reply] = await app.fake.waitForResponses(1);
    expect(String(reply!.body.text)).toContain('Only managers can post a handoff elsewhere');
    expect(app.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('"Take this" acts only from a handoff in the slip’s own channel, for a member of this workspace', async () => {
    const slip = await postedSlip(app, 'T17 wrong dessert, guest annoyed');
    const take = (options: Parameters<typeof buttonPress>[3]) =>
      buttonPress(app, HANDOFF_ACTIONS.take, slip.id, options);
    app.fake.failWhen((call) =>
      call.method === 'users.info' && call.body.user === 'UOUT'
        ? { status: 200, body: { ok: true, user: { id: 'UOUT', team_id: 'T9' } } }
        : undefined,
    );
    // from App Home: no message, so no channel to check the slip against
    await app.interaction(take({ user: 'U9', container: 'view' }));
    // from another workspace (a Slack Connect partner), with our slip's number
    await app.interaction({ ...take({ user: 'UX' }), team: { id: 'T2', domain: 'partner' } });
    // from a DM
    await app.interaction(take({ user: 'U9', channel: 'DU9' }));
    // by someone from another organisation in the shared channel
    await app.interaction(take({ user: 'UOUT' }));
    await app.quiet();
    const said = app.fake.responses.map((r) => String(r.body.text));
    expect(said).toHaveLength(3);
    expect(said.filter((t) => t.includes(`There is no slip #${slip.id}.`))).toHaveLength(2);
    expect(said).toContainEqual(expect.stringContaining('Only people in this workspace can take its slips.'));
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U1');
    expect((await app.web.core.slips.get('slack-T2', slip.id))?.owner).not.toBe('UX');
    expect(app.fake.callsOf('chat.update')).toEqual([]);
  });

  it('a reminder’s "Take this" is checked as a handoff’s: its channel, still watched, by a member of this workspace', async () => {
    await app.watch('C4');
    const { ts } = await app.message('T21 wrong wine, guest annoyed', { channel: 'C4' });
    const slip = await cardedSlip(app, ts, 'C4');
    await app.quiet();
    app.fake.reset();
    // the reminder handed to the shift on duty is posted in the slip's thread, in its channel
    const take = (options: Parameters<typeof buttonPress>[3]) =>
      buttonPress(app, REMINDER_ACTIONS.take, slip.id, { channel: 'C4', messageTs: '1700000950.000100', ...options });
    app.fake.failWhen((call) =>
      call.method === 'users.info' && call.body.user === 'UOUT'
        ? { status: 200, body: { ok: true, user: { id: 'UOUT', team_id: 'T9' } } }
        : undefined,
    );
    // by someone from another organisation in the shared channel
    await app.interaction(take({ user: 'UOUT' }));
    // by a manager from their DM: a reminder for the shift is never there
    await app.interaction(take({ user: 'UMGR', channel: 'DUMGR' }));
    // from another channel
    await app.interaction(take({ user: 'U9', channel: 'C1' }));
    const refused = (await app.fake.waitFor('chat.postEphemeral', 3)).map((c) => String(c.body.text));
    expect(refused).toContainEqual(expect.stringContaining('Only people in this workspace can take its slips.'));
    expect(refused.filter((t) => t.includes(`There is no slip #${slip.id}.`))).toHaveLength(2);
    // once the channel is no longer watched, not even from it
    await app.web.core.channels.unwatch(TENANT, 'C4');
    await app.interaction(take({ user: 'U9' }));
    const [, , , unwatched] = await app.fake.waitFor('chat.postEphemeral', 4);
    expect(String(unwatched!.body.text)).toContain("I don't watch that channel");
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U1');
    expect(app.fake.callsOf('chat.update')).toEqual([]);
    // a member of this workspace, from the reminder in the watched channel, takes it
    await app.watch('C4');
    await app.interaction(take({ user: 'U9' }));
    const [collapsed] = await app.fake.waitFor('chat.update');
    expect(String(collapsed!.body.text)).toContain('taken by the shift on duty');
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U9');
  });

  it('"Take this" on a slip of a channel no longer watched changes nothing', async () => {
    await app.watch('C3');
    const { ts } = await app.message('T19 cold fries, guest annoyed', { channel: 'C3' });
    const slip = await cardedSlip(app, ts, 'C3');
    await app.quiet();
    await app.web.core.channels.unwatch(TENANT, 'C3');
    app.fake.reset();
    await app.interaction(buttonPress(app, HANDOFF_ACTIONS.take, slip.id, { user: 'U9', channel: 'C3' }));
    const [reply] = await app.fake.waitForResponses(1);
    expect(String(reply!.body.text)).toContain("I don't watch that channel");
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U1');
    expect(app.fake.callsOf('chat.update')).toEqual([]);
  });

  it('an App Home button acts only on the presser’s own slips', async () => {
    const slip = await postedSlip(app, 'T18 wrong side dish, guest annoyed');
    const fromHome = (action: string, user: string) => buttonPress(app, action, slip.id, { container: 'view', user });
    // someone else's slip (App Home shows each person their own), and a person of another workspace
    await app.interaction(fromHome(ACTION_IDS.close, 'U5'));
    await app.interaction({ ...fromHome(ACTION_IDS.dismiss, 'UX'), user: { id: 'UX', name: 'sam', team_id: 'T2' } });
    await app.quiet();
    const told = app.fake.callsOf('views.open').map((c) => JSON.stringify(c.body.view));
    expect(told).toHaveLength(2);
    for (const view of told) expect(view).toContain(`Slip #${slip.id} is not yours`);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('open');
    expect(app.fake.callsOf('chat.update')).toEqual([]);
    // the owner's own press from App Home still works
    await app.interaction(fromHome(ACTION_IDS.acknowledge, 'U1'));
    await app.fake.waitFor('chat.update');
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');
  });

  /** The reminder's "Reassign" picker choosing `user`, pressed by `by` in their DM. */
  const pick = (slipId: string, user: string, blockId = `rc_fu_${slipId}`, by = 'U1') => ({
    ...buttonPress(app, REMINDER_ACTIONS.reassign, slipId, { channel: `D${by}`, user: by }),
    actions: [
      {
        type: 'users_select',
        action_id: REMINDER_ACTIONS.reassign,
        block_id: blockId,
        selected_user: user,
        action_ts: '1',
      },
    ],
  });

  it('the reminder’s picker refuses a stranger, a block id that is not ours, and a press by someone else', async () => {
    const slip = await postedSlip(app, 'T12 wrong side, guest annoyed');
    app.fake.failWhen((call) =>
      call.method === 'users.info' && call.body.user === 'UOUT'
        ? { status: 200, body: { ok: true, user: { id: 'UOUT', team_id: 'T9' } } }
        : undefined,
    );
    await app.interaction(pick(slip.id, 'UOUT'));
    await app.interaction(pick(slip.id, 'U7', `evil_${slip.id}`));
    await app.interaction(pick(slip.id, 'U7', undefined, 'U5'));
    const ephemerals = await app.fake.waitFor('chat.postEphemeral', 3);
    const said = ephemerals.map((c) => String(c.body.text));
    expect(said).toContainEqual(expect.stringContaining('Pick someone from this workspace.'));
    expect(said).toContainEqual(expect.stringContaining('There is no slip #.'));
    expect(said).toContainEqual(expect.stringContaining('Only shift leads and managers can'));
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U1');
  });

  it('the picker tells someone Slack does not know from Slack not answering now', async () => {
    const slip = await postedSlip(app, 'T16 fries came out cold, guest annoyed');
    const errors: Record<string, string> = { UGONE: 'user_not_found', UBUSY: 'fatal_error' };
    app.fake.failWhen((call) => {
      const error = call.method === 'users.info' ? errors[String(call.body.user)] : undefined;
      return error ? { status: 200, body: { ok: false, error } } : undefined;
    });
    await app.interaction(pick(slip.id, 'UGONE'));
    const [gone] = await app.fake.waitFor('chat.postEphemeral', 1);
    expect(String(gone!.body.text)).toContain('Pick someone from this workspace.');
    await app.interaction(pick(slip.id, 'UBUSY'));
    const busy = (await app.fake.waitFor('chat.postEphemeral', 2))[1]!;
    expect(String(busy.body.text)).toContain('Please try again');
    expect(String(busy.body.text)).not.toContain('Pick someone');
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U1');
  });

  it('playbook import checks the role before it touches the file, and says nothing about it', async () => {
    const fileId = app.fake.hostFile('FSECRET', 'venue: {}');
    const submitted = await app.interaction({
      ...viewSubmission(PLAYBOOK_MODALS.importYaml, '{}', {
        file: { value: { type: 'file_input', files: [{ id: fileId, name: 'playbook.yaml' }] } },
      }),
    });
    expect(submitted.json).toMatchObject({
      response_action: 'errors',
      errors: { yaml: 'Only managers can edit the playbook.' },
    });
    expect(app.fake.callsOf('files.info')).toEqual([]);
  });

  it('keeps guest data out of the card, the thread, Redis keys and values, and the /recover draft', async () => {
    const pii = '4111\u00a01111\u00a01111\u00a01111 jöse@exämple.com +1 (312) 555-0188';
    await app.command(`T14 overcharged, card ${pii}`, { channel_id: 'C1' });
    await app.command('', { channel_id: 'C1' }, { expectReply: false });
    const [open] = await app.fake.waitFor('views.open');
    const metadata = String((open!.body.view as { private_metadata: string }).private_metadata);
    await app.interaction(
      viewSubmission('rc_recover_modal', metadata, {
        text: { value: { type: 'plain_text_input', value: `T15 charged twice ${pii}` } },
        guest: { value: { type: 'plain_text_input', value: '5500.0000.0000.0004' } },
      }),
    );
    const [posted] = await app.fake.waitFor('chat.postMessage');
    const sent = JSON.stringify(posted!.body);
    expect(sent).not.toMatch(/4111|5500|jöse|555-0188/);
    const redis = new Redis(testRedisUrl());
    try {
      const dump = await dumpPrefix(redis, app.env.REDIS_PREFIX!);
      expect(dump).not.toMatch(/4111[^0-9]?1111|5500[^0-9]?0000|jöse|exämple|555-0188/);
      expect(dump).toContain('[card]');
    } finally {
      await redis.quit();
    }
  });
});
