import { followUpJobId } from '../../../src/followups/reminder';
import { REMINDER_ACTIONS } from '../../../src/platforms/slack/blocks/reminder';
import type { Slip } from '../../../src/slips/slip';
import { cardedSlip, type SlackTestApp, settle, startSlackTestApp, TENANT } from '../../helpers/slackApp';

/** Follow-up reminders end to end: web role schedules into BullMQ (real Redis), the worker delivers to the fake Slack. */
describe('follow-up reminders', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    // nudge after ~1.2 s and escalate ~1.2 s after that, so the whole ladder runs inside a test
    app = await startSlackTestApp({ NUDGE_AFTER_MINUTES: '0.02', ESCALATE_AFTER_MINUTES: '0.04' });
    await app.watch('C1');
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  async function slipDueIn(text: string, ms: number, promise?: string): Promise<Slip> {
    const { ts } = await app.message(text);
    const slip = await cardedSlip(app, ts);
    return app.web.core.service.act(TENANT, slip.id, 'U1', {
      kind: 'schedule_followup',
      dueAt: Date.now() + ms,
      promise,
    });
  }

  /** Reminder DMs (first reminder and nudges) for one slip. */
  const remindersFor = (slip: Slip, channel = 'DU1') =>
    app.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.body.channel === channel && String(c.body.text).startsWith(`Follow-up due: slip #${slip.id} `));
  const escalationsFor = (slip: Slip) =>
    app.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.body.channel === 'DUMGR' && String(c.body.text).startsWith(`Slip #${slip.id} needs a manager`));
  async function until(check: () => boolean, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (check()) return;
      await settle(25);
    }
    throw new Error('timed out waiting');
  }

  it('reminds the owner by DM at the due time with what happened, what was promised and the outcome buttons', async () => {
    const slip = await slipDueIn('T12 got the wrong steak, guest annoyed', 700, 'dessert on the house next visit');
    await until(() => remindersFor(slip).length > 0);
    const dm = remindersFor(slip)[0]!;
    // not before it was due (a fact of the reminder itself, whatever the machine's speed)
    expect(dm.at).toBeGreaterThanOrEqual(slip.followUp!.dueAt);
    const blocks = JSON.stringify(dm.body.blocks);
    expect(String(dm.body.text)).toContain(`Follow-up due: slip #${slip.id} Wrong order · T12`);
    expect(blocks).toContain('T12 got the wrong steak');
    expect(blocks).toContain('dessert on the house next visit');
    for (const id of [
      REMINDER_ACTIONS.recovered,
      REMINDER_ACTIONS.unhappy,
      REMINDER_ACTIONS.unreachable,
      REMINDER_ACTIONS.snooze,
      REMINDER_ACTIONS.reassign,
    ])
      expect(blocks).toContain(id);
    // the reminder is recorded on the slip right after it is posted
    let reminded: number | undefined;
    for (let i = 0; i < 60 && reminded === undefined; i++) {
      reminded = (await app.web.core.slips.get(TENANT, slip.id))!.followUp!.remindedAt;
      if (reminded === undefined) await settle(50);
    }
    expect(reminded).toBeGreaterThanOrEqual(slip.followUp!.dueAt);
  });

  it('records "Done: guest recovered" on the slip and collapses the reminder; no nudge follows', async () => {
    const slip = await slipDueIn('T3 fries are cold', 300);
    await until(() => remindersFor(slip).length > 0);
    await app.interaction(dmPress(REMINDER_ACTIONS.recovered, slip.id, 'DU1', '1.1'));
    await until(() => app.fake.callsOf('chat.update').some((c) => c.body.ts === '1.1'));
    const update = app.fake.callsOf('chat.update').find((c) => c.body.ts === '1.1')!;
    expect(JSON.stringify(update.body.blocks)).toContain('guest recovered');
    const after = await app.web.core.slips.get(TENANT, slip.id);
    expect(after!.followUp).toMatchObject({ status: 'done', outcome: 'recovered' });
    // the barrier: the follow-up job, which would send the nudge, is gone or has run its last stage
    const queue = app.web.jobs.followUpQueue;
    const id = followUpJobId(TENANT, slip.id, 'check-back');
    const deadline = Date.now() + 10_000;
    while (['delayed', 'waiting', 'active', 'prioritized'].includes(await queue.getJobState(id))) {
      if (Date.now() > deadline) throw new Error(`follow-up job ${id} still ${await queue.getJobState(id)}`);
      await settle(25);
    }
    await app.quiet();
    expect(remindersFor(slip)).toHaveLength(1);
    expect(escalationsFor(slip)).toHaveLength(0);
  });

  it('"Done: still unhappy" escalates to the manager on duty', async () => {
    const slip = await slipDueIn('T5 steak overcooked', 200);
    await until(() => remindersFor(slip).length > 0);
    await app.interaction(dmPress(REMINDER_ACTIONS.unhappy, slip.id, 'DU1', '1.2'));
    await until(() => escalationsFor(slip).length > 0);
    expect(String(escalationsFor(slip)[0]!.body.text)).toContain('still unhappy after the follow-up');
    expect(await app.web.core.slips.get(TENANT, slip.id)).toMatchObject({
      escalated: true,
      followUp: { outcome: 'not_recovered' },
    });
  });

  it('nudges, then escalates, when nobody answers', async () => {
    const slip = await slipDueIn('T9 waited 40 min for mains', 100);
    await until(() => escalationsFor(slip).length > 0);
    expect(String(escalationsFor(slip)[0]!.body.text)).toContain('has had no answer');
    const dmTexts = remindersFor(slip).map((c) => JSON.stringify(c.body.blocks));
    expect(dmTexts.some((t) => t.includes('Follow-up due'))).toBe(true);
    expect(dmTexts.some((t) => t.includes('Still waiting on this follow-up'))).toBe(true);
    const after = await app.web.core.slips.get(TENANT, slip.id);
    expect(after!.escalated).toBe(true);
    expect(after!.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['reminded', 'nudged', 'escalated']));
  });

  it('rescheduling moves the one job; snooze moves it again; closing the slip cancels it', async () => {
    const slip = await slipDueIn('T2 wrong wine', 60_000);
    const id = followUpJobId(TENANT, slip.id, 'check-back');
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'schedule_followup', dueAt: Date.now() + 120_000 });
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'snooze', dueAt: Date.now() + 180_000 });
    const queue = app.web.jobs.followUpQueue;
    const delayed = (await queue.getDelayed()).filter((j) => j.data.slipId === slip.id);
    expect(delayed.map((j) => j.id)).toEqual([id]);
    expect(delayed[0]!.data.dueAt).toBe((await app.web.core.slips.get(TENANT, slip.id))!.followUp!.dueAt);
    expect(delayed[0]!.delay).toBeGreaterThan(170_000);
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'close' });
    expect(await queue.getJob(id)).toBeUndefined();
  });

  it('snooze from the reminder and reassign send it to the right person', async () => {
    const slip = await slipDueIn('T14 wrong side', 200);
    await until(() => remindersFor(slip).length > 0);
    await app.interaction({
      ...dmPress(REMINDER_ACTIONS.snooze, slip.id, 'DU1', '1.3'),
      actions: [
        {
          type: 'static_select',
          action_id: REMINDER_ACTIONS.snooze,
          block_id: `rc_fu_${slip.id}`,
          selected_option: { text: { type: 'plain_text', text: '15 min' }, value: `${slip.id}|15m` },
          action_ts: '1',
        },
      ],
    });
    await until(() => app.fake.callsOf('chat.update').some((c) => c.body.ts === '1.3'));
    const snoozed = await app.web.core.slips.get(TENANT, slip.id);
    expect(snoozed!.followUp!.dueAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    await app.interaction({
      ...dmPress(REMINDER_ACTIONS.reassign, slip.id, 'DU1', '1.4'),
      actions: [
        {
          type: 'users_select',
          action_id: REMINDER_ACTIONS.reassign,
          block_id: `rc_fu_${slip.id}`,
          selected_user: 'U7',
          action_ts: '1',
        },
      ],
    });
    await until(() => remindersFor(slip, 'DU7').length > 0);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U7');
  });
});

function dmPress(actionId: string, slipId: string, channel: string, ts: string): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'venue' },
    user: { id: 'U1', name: 'alex', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'directmessage' },
    message: { type: 'message', ts, text: 'reminder' },
    response_url: 'http://127.0.0.1:1/none',
    actions: [{ action_id: actionId, block_id: `rc_fu_${slipId}`, value: slipId, type: 'button', action_ts: '1' }],
  };
}
