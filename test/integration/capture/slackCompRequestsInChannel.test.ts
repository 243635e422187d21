import { COMP_ACTIONS } from '../../../src/platforms/slack/blocks/compApprovals';
import { MANAGER, postedSlip, type SlackTestApp, TENANT } from '../../helpers/slackApp';
import { buttonValue, confirmOffer, press, savePlaybook, startWatchedSlackApp } from './slackCaptureFixture';

describe('Slack: comp approval requests in the slip’s thread (approvals.requestsIn: channel)', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp(async (started) => {
      await started.web.core.permissions.grant(TENANT, MANAGER, 'UMGR2', 'manager');
      await savePlaybook(
        started,
        (playbook) => ({ ...playbook, approvals: { ...playbook.approvals, requestsIn: 'channel' } }),
        'comp requests in the thread',
      );
    });
  });
  afterAll(() => app.stop());

  it('the request goes once into the thread, naming the approvers; a teammate without the limit is refused privately; the first answer wins', async () => {
    const slip = await postedSlip(app, 'T12 got the wrong steak, guest annoyed');
    await app.message('comped the meal $120', { thread_ts: slip.threadRef });
    await app.quiet();
    await confirmOffer(app);
    await app.quiet();
    const overLimit = app.fake.responses.find((r) => buttonValue(r.body.blocks, COMP_ACTIONS.ask))!;
    app.fake.reset();
    await press(app, COMP_ACTIONS.ask, buttonValue(overLimit.body.blocks, COMP_ACTIONS.ask)!, 'U1');
    await app.quiet();

    const requests = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve));
    // one message, in the slip's thread; no DMs
    expect(requests.map((c) => [c.body.channel, c.body.thread_ts])).toEqual([['C1', slip.threadRef]]);
    expect(String(requests[0]!.body.text)).toMatch(/^(<@UMGR>, <@UMGR2>|<@UMGR2>, <@UMGR>): <@U1> asks to give/);
    // nobody who may approve has done anything lately: asked anyway, and the asker is told so (slackCompNoApprover)
    expect(app.fake.responses.some((r) => /in the slip's thread anyway/.test(String(r.body.text)))).toBe(true);
    const requestId = buttonValue(requests[0]!.body.blocks, COMP_ACTIONS.approve)!;

    // a teammate (limit 15) presses Approve in the channel: told privately why, nothing changes
    app.fake.reset();
    await press(app, COMP_ACTIONS.approve, requestId, 'U2');
    await app.quiet();
    expect(app.fake.responses.map((r) => [r.body.replace_original, String(r.body.text)])).toEqual([
      [false, expect.stringMatching(/over your own USD 15 comp limit/)],
    ]);
    expect(app.fake.callsOf('chat.postMessage')).toEqual([]);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');

    // two managers press at once in the thread: one answer counts
    app.fake.reset();
    await Promise.all([
      press(app, COMP_ACTIONS.approve, requestId, 'UMGR'),
      press(app, COMP_ACTIONS.approve, requestId, 'UMGR2'),
    ]);
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after).toMatchObject({ status: 'corrected', gesture: { label: 'meal', cost: 120 } });
    expect(after.timeline.filter((e) => e.kind === 'comp_approved')).toHaveLength(1);
    expect(app.fake.responses.filter((r) => /Already approved by/.test(String(r.body.text)))).toHaveLength(1);
    // the thread's request now says who answered, without buttons; the requester is told by DM
    const updated = app.fake.callsOf('chat.update').filter((c) => /was approved by/.test(String(c.body.text)));
    const stored = (await app.web.core.features.approvals.get(TENANT, requestId))!;
    expect(stored).toMatchObject({ askedIn: 'channel', messages: [{ channel: 'C1', inChannel: true }] });
    expect(updated.map((c) => [c.body.channel, c.body.ts])).toEqual([['C1', stored.messages[0]!.ref]]);
    expect(buttonValue(updated[0]!.body.blocks, COMP_ACTIONS.approve)).toBeUndefined();
    expect(app.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'DU1')).toBe(true);
  });
});
