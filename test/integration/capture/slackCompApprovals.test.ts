import type { RedisActivityLog } from '../../../src/infra/redis/activity';
import { COMP_ACTIONS, COMP_REASON } from '../../../src/platforms/slack/blocks/compApprovals';
import { STEP_OFFER_ACTIONS } from '../../../src/platforms/slack/listeners/threadReplies';
import { MANAGER, postedSlip, type SlackTestApp, TENANT } from '../../helpers/slackApp';
import { buttonValue, confirmOffer, press, quietThenReset, startWatchedSlackApp } from './slackCaptureFixture';

describe('Slack: comps over a limit approved in chat', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp(async (started) => {
      await started.web.core.permissions.grant(TENANT, MANAGER, 'UMGR2', 'manager');
      await started.web.core.permissions.grant(TENANT, MANAGER, 'ULEAD', 'shift_lead');
    });
  });
  afterAll(() => app.stop());
  /** Marks someone active now (on shift), so a request goes to them. */
  const onShift = (user: string) =>
    (
      app.web.core.features.activity as unknown as { touch(tenant: string, user: string, at: number): Promise<void> }
    ).touch(TENANT, user, Date.now());
  beforeEach(() => quietThenReset(app));

  it('asks the managers, approves once when two press at once, refuses an approver over their own limit, logs it all', async () => {
    const slip = await postedSlip(app, 'T12 got the wrong steak, guest annoyed');
    // a server (limit 15) says they comped the meal: the tap records Acknowledged, then the comp is over the limit
    await app.message('comped the meal $120', { thread_ts: slip.threadRef });
    await app.quiet();
    const offerId = buttonValue(app.fake.callsOf('chat.postEphemeral')[0]!.body.blocks, STEP_OFFER_ACTIONS.confirm)!;
    await press(app, STEP_OFFER_ACTIONS.confirm, offerId, 'U1');
    await app.quiet();
    const overLimit = app.fake.responses.find((r) => buttonValue(r.body.blocks, COMP_ACTIONS.ask));
    expect(String(overLimit?.body.text)).toMatch(/over your comp limit/);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');

    app.fake.reset();
    await press(app, COMP_ACTIONS.ask, buttonValue(overLimit!.body.blocks, COMP_ACTIONS.ask)!, 'U1');
    await app.quiet();
    const requests = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve));
    // the shift lead's limit (60) does not cover 120: only the managers are asked
    expect(requests.map((c) => c.body.channel).sort()).toEqual(['DUMGR', 'DUMGR2']);
    const requestId = buttonValue(requests[0]!.body.blocks, COMP_ACTIONS.approve)!;

    app.fake.reset();
    await press(app, COMP_ACTIONS.approve, requestId, 'ULEAD', 'DULEAD');
    await app.quiet();
    expect(String(app.fake.responses[0]?.body.text)).toMatch(/over your own USD 60 comp limit/);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');

    app.fake.reset();
    await Promise.all([
      press(app, COMP_ACTIONS.approve, requestId, 'UMGR', 'DUMGR'),
      press(app, COMP_ACTIONS.approve, requestId, 'UMGR2', 'DUMGR2'),
    ]);
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.status).toBe('corrected');
    expect(after.gesture).toEqual({ label: 'meal', cost: 120 });
    expect(after.timeline.filter((e) => e.kind === 'corrected')).toHaveLength(1);
    const winner = after.timeline.find((e) => e.kind === 'corrected')!.by;
    expect(['UMGR', 'UMGR2']).toContain(winner);
    expect(app.fake.responses.filter((r) => /Already approved by/.test(String(r.body.text)))).toHaveLength(1);
    // both approvers' requests now say who answered; the requester is told
    const updates = app.fake.callsOf('chat.update').filter((c) => /was approved by/.test(String(c.body.text)));
    expect(updates.map((c) => c.body.channel).sort()).toEqual(['DUMGR', 'DUMGR2']);
    expect(app.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'DU1')).toBe(true);

    // the request and its answer are on the slip's timeline, once each
    expect(after.timeline.filter((e) => e.kind === 'comp_requested')).toEqual([
      expect.objectContaining({ by: 'U1', gesture: 'meal', cost: 120 }),
    ]);
    expect(after.timeline.filter((e) => e.kind === 'comp_approved')).toEqual([expect.objectContaining({ by: winner })]);

    const log = await app.web.runtime.redis.zrange(`${app.env.REDIS_PREFIX}:{${TENANT}}:comps`, '0', '-1');
    const kinds = log.map((json) => (JSON.parse(json) as { kind: string }).kind).sort();
    expect(kinds).toEqual(['approved', 'given', 'requested']);
  });

  it('a decline, with its optional reason, is recorded on the timeline and in the comp log, and the requester is told', async () => {
    const slip = await postedSlip(app, 'T3 got the wrong wine, guest annoyed');
    await app.message('apologised', { thread_ts: slip.threadRef });
    await app.quiet();
    await confirmOffer(app);
    await app.quiet();
    app.fake.reset();
    await app.message('took the bottle off the bill $90', { thread_ts: slip.threadRef });
    await app.quiet();
    await confirmOffer(app);
    await app.quiet();
    const ask = app.fake.responses.find((r) => buttonValue(r.body.blocks, COMP_ACTIONS.ask))!;
    app.fake.reset();
    await onShift('UMGR');
    await press(app, COMP_ACTIONS.ask, buttonValue(ask.body.blocks, COMP_ACTIONS.ask)!, 'U1');
    await app.quiet();
    // a request sent by DM is answered by someone it went to (here UMGR, on shift)
    const request = app.fake
      .callsOf('chat.postMessage')
      .find((c) => c.body.channel === 'DUMGR' && buttonValue(c.body.blocks, COMP_ACTIONS.decline))!;
    // the request has a place for the reason, in the message itself
    expect(JSON.stringify(request.body.blocks)).toContain(COMP_REASON.block);
    app.fake.reset();
    const reason = 'wine was fine <!channel> *really*';
    await press(app, COMP_ACTIONS.decline, buttonValue(request.body.blocks, COMP_ACTIONS.decline)!, 'UMGR', 'DUMGR', {
      [COMP_REASON.block]: { [COMP_REASON.action]: { type: 'plain_text_input', value: reason } },
    });
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.status).toBe('acknowledged');
    expect(after.timeline.filter((e) => e.kind === 'comp_declined')).toEqual([
      expect.objectContaining({ by: 'UMGR', note: reason }),
    ]);
    const told = app.fake.callsOf('chat.postMessage').find((c) => c.body.channel === 'DU1');
    // the reason reaches the requester escaped: it pings nobody and formats nothing
    expect(String(told?.body.text)).toMatch(/was declined by <@UMGR>: “wine was fine &lt;!channel&gt; /);
    expect(String(told?.body.text)).not.toContain('<!channel>');
    const declined = (await app.web.core.features.comps.forSlip(TENANT, slip.id)).filter((e) => e.kind === 'declined');
    expect(declined).toEqual([expect.objectContaining({ approver: 'UMGR', reason })]);
  });

  it("a comp given within the presser's own limit is in the comp log as it is recorded, and on the timeline", async () => {
    const slip = await postedSlip(app, 'T7 soup was cold, guest annoyed');
    await app.message('done, comped dessert $12', { thread_ts: slip.threadRef });
    await app.quiet();
    await confirmOffer(app);
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.timeline.filter((e) => e.kind === 'corrected')).toEqual([
      expect.objectContaining({ by: 'U1', gesture: 'dessert', cost: 12 }),
    ]);
    // read straight from the log (not the export, which also reads timelines)
    expect(await app.web.core.features.comps.forSlip(TENANT, slip.id)).toEqual([
      expect.objectContaining({ kind: 'given', by: 'U1', gesture: 'dessert', cost: 12, currency: 'USD' }),
    ]);
  });

  it("a private slip's request to a shift lead (not a manager) does not quote the slip's text", async () => {
    const slip = await postedSlip(app, 'T15 got the wrong steak, Mrs Zyborska annoyed');
    // the slip is made private (as a private category or the tick would); its card is by DM from here on
    await app.web.core.slips.update(TENANT, slip.id, (s) => ({ ...s, private: true, cardChannel: 'DU1' }));
    // a server (limit 15) asks for a USD 40 comp: the shift lead (limit 60, on shift) is asked too
    await (app.web.core.features.activity as RedisActivityLog).touch(TENANT, 'ULEAD', Date.now());
    const askId = await app.web.core.features.compAsks.put(TENANT, {
      slipId: slip.id,
      user: 'U1',
      gesture: 'meal',
      cost: 40,
    });
    app.fake.reset();
    await press(app, COMP_ACTIONS.ask, askId, 'U1', 'DU1');
    await app.quiet();
    const requests = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve));
    expect(requests.map((c) => c.body.channel)).toContain('DULEAD');
    for (const request of requests) expect(JSON.stringify(request.body)).not.toContain('Zyborska');
  });
  it('an approval stands and the card is redrawn even when the requester cannot be told', async () => {
    const slip = await postedSlip(app, 'T16 got the wrong steak, guest annoyed');
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'acknowledge' });
    const askId = await app.web.core.features.compAsks.put(TENANT, {
      slipId: slip.id,
      user: 'U1',
      gesture: 'meal',
      cost: 120,
    });
    await onShift('UMGR');
    await press(app, COMP_ACTIONS.ask, askId, 'U1');
    await app.quiet();
    const request = app.fake
      .callsOf('chat.postMessage')
      .find((c) => c.body.channel === 'DUMGR' && buttonValue(c.body.blocks, COMP_ACTIONS.approve))!;
    app.fake.reset();
    // the requester's DM cannot be opened
    app.fake.failWhen((call) =>
      call.method === 'conversations.open' && call.body.users === 'U1'
        ? { status: 200, body: { ok: false, error: 'user_disabled' } }
        : undefined,
    );
    await press(app, COMP_ACTIONS.approve, buttonValue(request.body.blocks, COMP_ACTIONS.approve)!, 'UMGR', 'DUMGR');
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.gesture).toEqual({ label: 'meal', cost: 120 });
    // the approver sees no error, their request says who answered, and the channel card is redrawn
    expect(app.fake.responses.filter((r) => /:warning:/.test(String(r.body.text)))).toEqual([]);
    expect(app.fake.callsOf('chat.update').map((c) => c.body)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'DUMGR', text: expect.stringMatching(/was approved by/) }),
        expect.objectContaining({ channel: 'C1', ts: slip.cardRef }),
      ]),
    );
  });
  it('when storing the request fails, the ask is kept: the asker is told nothing was changed, and asking again works, once', async () => {
    const slip = await postedSlip(app, 'T17 got the wrong steak, guest annoyed');
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'acknowledge' });
    const askId = await app.web.core.features.compAsks.put(TENANT, {
      slipId: slip.id,
      user: 'U1',
      gesture: 'meal',
      cost: 120,
    });
    const create = jest
      .spyOn(app.web.core.features.approvals, 'create')
      .mockRejectedValueOnce(new Error('the store fell over'));
    try {
      app.fake.reset();
      await press(app, COMP_ACTIONS.ask, askId, 'U1');
      await app.quiet();
      expect(create).toHaveBeenCalledTimes(1);
      const told = app.fake.responses.map((r) => String(r.body.text));
      expect(told.some((t) => /nothing was changed/.test(t))).toBe(true);
      expect(
        app.fake.callsOf('chat.postMessage').filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve)),
      ).toEqual([]);
      expect(
        (await app.web.core.slips.get(TENANT, slip.id))!.timeline.filter((e) => e.kind === 'comp_requested'),
      ).toEqual([]);

      // the same button again: the ask is still there, and the request goes out
      app.fake.reset();
      await press(app, COMP_ACTIONS.ask, askId, 'U1');
      await app.quiet();
      expect(
        app.fake.callsOf('chat.postMessage').filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve)).length,
      ).toBeGreaterThan(0);
      // and a third press finds it used
      app.fake.reset();
      await press(app, COMP_ACTIONS.ask, askId, 'U1');
      await app.quiet();
      expect(
        app.fake.callsOf('chat.postMessage').filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve)),
      ).toEqual([]);
      expect(
        (await app.web.core.slips.get(TENANT, slip.id))!.timeline.filter((e) => e.kind === 'comp_requested'),
      ).toHaveLength(1);
    } finally {
      create.mockRestore();
    }
  });
});
