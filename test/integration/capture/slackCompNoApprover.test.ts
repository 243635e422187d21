import { COMP_ACTIONS } from '../../../src/platforms/slack/blocks/compApprovals';
import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import { STEP_OFFER_ACTIONS } from '../../../src/platforms/slack/listeners/threadReplies';
import type { Slip } from '../../../src/slips/slip';
import { buttonPress, MANAGER, postedSlip, type SlackTestApp, TENANT } from '../../helpers/slackApp';
import { buttonValue, quietThenReset, startWatchedSlackApp } from './slackCaptureFixture';

/**
 * A comp approval request that reaches nobody who can answer it soon says so to the asker at once (the answer to
 * their "Ask a shift lead / manager"), instead of leaving them waiting for the escalation: nobody who may approve
 * it was on shift (it went to them anyway), or nobody could be messaged at all.
 */
describe('Slack: a comp request that reaches no approver tells the asker at once', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  /** A slip whose server (U1) comps the meal (over their limit) and presses "Ask…": the answer they see. */
  async function ask(
    text: string,
    hooks: { before?: (slip: Slip) => Promise<void>; beforeAsk?: () => void; afterPress?: () => Promise<void> } = {},
  ): Promise<string> {
    const slip = await postedSlip(app, text);
    await hooks.before?.(slip);
    app.fake.reset();
    await app.message('comped the meal $120', { thread_ts: slip.threadRef });
    await app.quiet();
    const offer = buttonValue(app.fake.callsOf('chat.postEphemeral')[0]!.body.blocks, STEP_OFFER_ACTIONS.confirm)!;
    await app.interaction(buttonPress(app, STEP_OFFER_ACTIONS.confirm, offer, { user: 'U1' }));
    await app.quiet();
    const overLimit = app.fake.responses.find((r) => buttonValue(r.body.blocks, COMP_ACTIONS.ask))!;
    app.fake.reset();
    hooks.beforeAsk?.();
    await app.interaction(
      buttonPress(app, COMP_ACTIONS.ask, buttonValue(overLimit.body.blocks, COMP_ACTIONS.ask)!, { user: 'U1' }),
    );
    await hooks.afterPress?.();
    await app.quiet();
    return app.fake.responses.map((r) => String(r.body.text)).join('\n');
  }

  it('nobody who may approve it on shift: asked anyway, and the asker is told to find a manager in person', async () => {
    const answer = await ask('T12 got the wrong steak, guest annoyed');
    expect(answer).toMatch(
      /^Nobody who may approve meal \(USD 120\) on slip #\d+ is on shift now\. Asked <@UMGR> anyway.*ask a manager in person/,
    );
    // it still went to the manager
    expect(
      app.fake.callsOf('chat.postMessage').filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve)),
    ).toEqual([expect.objectContaining({ body: expect.objectContaining({ channel: 'DUMGR' }) })]);
  });

  it('nobody could be messaged: the asker is told so at once', async () => {
    const answer = await ask('T14 got the wrong fish, guest annoyed', {
      beforeAsk: () =>
        app.fake.failWhen((call) =>
          call.method === 'conversations.open' && call.body.users === MANAGER
            ? { status: 200, body: { ok: false, error: 'user_not_found' } }
            : undefined,
        ),
    });
    expect(answer).toMatch(/^Nobody could be reached to approve meal \(USD 120\) on slip #\d+: .*<@UMGR>.*in person/);
  });

  it('one approver cannot be messaged: the others are still asked, and the asker is told whom it reached', async () => {
    await app.web.core.permissions.grant(TENANT, MANAGER, 'UMGR2', 'manager');
    await app.web.core.permissions.grant(TENANT, MANAGER, 'UMGR3', 'manager');
    try {
      const answer = await ask('T16 got the wrong soup, guest annoyed', {
        before: async (slip) => {
          // all three managers press the card: active now, so on shift (only those on shift are asked)
          for (const user of [MANAGER, 'UMGR2', 'UMGR3'])
            await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, slip.id, { user, messageTs: slip.cardRef }));
          await app.quiet();
        },
        // Slack opens UMGR2's DM but refuses the request posted in it; UMGR and UMGR3 get theirs
        beforeAsk: () =>
          app.fake.failWhen((call) =>
            call.method === 'chat.postMessage' && call.body.channel === 'DUMGR2'
              ? { status: 200, body: { ok: false, error: 'cannot_dm_bot' } }
              : undefined,
          ),
      });
      const requests = app.fake
        .callsOf('chat.postMessage')
        .filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve));
      const delivered = requests.filter((c) => c.body.channel !== 'DUMGR2').map((c) => c.body.channel);
      expect(delivered.sort()).toEqual(['DUMGR', 'DUMGR3']);
      expect(answer).toMatch(/^Asked (<@UMGR>, <@UMGR3>|<@UMGR3>, <@UMGR>) to approve meal \(USD 120\) on slip #\d+\./);
      expect(answer).not.toContain('UMGR2');
      expect(answer).not.toMatch(/Nobody|on shift/);
      // the request remembers the messages that went out (to say who answered), not the one Slack refused
      const requestId = buttonValue(requests[0]!.body.blocks, COMP_ACTIONS.approve)!;
      const stored = (await app.web.core.features.approvals.get(TENANT, requestId))!;
      expect(stored.messages.map((m) => m.user).sort()).toEqual([MANAGER, 'UMGR3']);
    } finally {
      await app.web.core.permissions.grant(TENANT, MANAGER, 'UMGR2', undefined);
      await app.web.core.permissions.grant(TENANT, MANAGER, 'UMGR3', undefined);
    }
  });

  it('a manager on shift (active lately) is simply asked', async () => {
    const answer = await ask('T15 got the wrong pasta, guest annoyed', {
      before: async (slip) => {
        // the manager presses a card button: active now, so on shift
        await app.interaction(
          buttonPress(app, ACTION_IDS.acknowledge, slip.id, { user: MANAGER, messageTs: slip.cardRef }),
        );
        await app.quiet();
        expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');
      },
    });
    expect(answer).toMatch(/^Asked <@UMGR> to approve meal \(USD 120\)/);
    expect(answer).not.toMatch(/on shift|Nobody/);
  });
  it('a request DM that went out counts as reaching its approver even when it cannot be remembered', async () => {
    const answer = await ask('T17 got the wrong salad, guest annoyed', {
      // Slack takes the request to the manager; before its answer comes back, the request's record is spoiled
      beforeAsk: () => app.fake.holdWhen((call) => call.method === 'chat.postMessage' && call.body.channel === 'DUMGR'),
      afterPress: async () => {
        const [held] = await app.fake.waitFor('chat.postMessage');
        const requestId = buttonValue(held!.body.blocks, COMP_ACTIONS.approve)!;
        const key = `${app.env.REDIS_PREFIX}:{${TENANT}}:approval:${requestId}`;
        await app.web.runtime.redis.hset(key, 'messages', 'not json');
        app.fake.releaseHeld();
      },
    });
    expect(
      app.fake.callsOf('chat.postMessage').filter((c) => buttonValue(c.body.blocks, COMP_ACTIONS.approve)),
    ).toEqual([expect.objectContaining({ body: expect.objectContaining({ channel: 'DUMGR' }) })]);
    expect(answer).not.toMatch(/Nobody could be reached/);
    expect(answer).toMatch(/<@UMGR>/);
  });
});
