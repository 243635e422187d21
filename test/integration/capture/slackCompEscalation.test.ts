import { approvalJobId } from '../../../src/infra/queue/approvalQueue';
import { COMP_ACTIONS } from '../../../src/platforms/slack/blocks/compApprovals';
import type { Slip } from '../../../src/slips/slip';
import { postedSlip, type SlackTestApp, TENANT } from '../../helpers/slackApp';
import {
  buttonValue,
  confirmOffer,
  press,
  quietThenReset,
  savePlaybook,
  startWatchedSlackApp,
} from './slackCaptureFixture';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const NOBODY = /Nobody has answered your request/;

describe("Slack: an unanswered comp approval escalates after the playbook's time", () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp((started) =>
      // 1.2 s, so the delayed job comes due within the test
      savePlaybook(
        started,
        (playbook) => ({ ...playbook, approvals: { ...playbook.approvals, escalateAfter: 0.02 } }),
        'approval escalation',
      ),
    );
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  const jobState = (requestId: string) => app.web.jobs.clockQueue.getJobState(approvalJobId(TENANT, requestId));
  const slipOf = async (id: string) => (await app.web.core.slips.get(TENANT, id))!;

  /** A staff member's USD 120 comp, refused for their limit, then asked for: the request in the managers' DMs. */
  async function asked(text: string): Promise<{ slip: Slip; requestId: string }> {
    const slip = await postedSlip(app, text);
    await app.message('comped the meal $120', { thread_ts: slip.threadRef });
    await app.quiet();
    await confirmOffer(app);
    await app.quiet();
    const ask = app.fake.responses.find((r) => buttonValue(r.body.blocks, COMP_ACTIONS.ask))!;
    await press(app, COMP_ACTIONS.ask, buttonValue(ask.body.blocks, COMP_ACTIONS.ask)!, 'U1');
    await app.quiet();
    const request = app.fake
      .callsOf('chat.postMessage')
      .find((c) => c.body.channel === 'DUMGR' && buttonValue(c.body.blocks, COMP_ACTIONS.approve))!;
    return { slip, requestId: buttonValue(request.body.blocks, COMP_ACTIONS.approve)! };
  }

  /** The requester's word as Slack holds it (a refused call is recorded among the calls, but posts nothing). */
  const toldRequester = () => app.fake.messages.filter((m) => m.channel === 'DU1' && NOBODY.test(String(m.text)));

  it('escalates to the manager on duty once, tells the requester once, and the request still stands', async () => {
    const { slip, requestId } = await asked('T12 got the wrong steak, guest annoyed');
    await until(async () => (await jobState(requestId)) === 'completed', 'the escalation job');
    await app.quiet();
    const after = await slipOf(slip.id);
    expect(after.timeline.filter((e) => e.kind === 'escalated')).toEqual([
      expect.objectContaining({ by: 'recovery-coach', note: expect.stringMatching(/has waited .* for approval/) }),
    ]);
    expect(toldRequester()).toHaveLength(1);
    // the manager hears of it through the escalation path, with the reason
    expect(
      app.fake
        .callsOf('chat.postMessage')
        .some((c) => c.body.channel === 'DUMGR' && /waited .* for approval/.test(JSON.stringify(c.body))),
    ).toBe(true);
    // a manager can still answer it
    await press(app, COMP_ACTIONS.approve, requestId, 'UMGR', 'DUMGR');
    await app.quiet();
    expect(await slipOf(slip.id)).toMatchObject({ status: 'corrected', gesture: { label: 'meal', cost: 120 } });
  });

  it('a job that runs twice (its first run failed telling the requester, so it is retried) escalates once', async () => {
    const { slip, requestId } = await asked('T4 got the wrong pasta, guest annoyed');
    expect(await jobState(requestId)).toBe('delayed');
    // the first word to the requester fails as Slack being down would; BullMQ runs the job again after its backoff
    let failed = 0;
    app.fake.failWhen((call) =>
      call.method === 'chat.postMessage' &&
      call.body.channel === 'DU1' &&
      NOBODY.test(String(call.body.text)) &&
      !failed++
        ? { status: 500 }
        : undefined,
    );
    await until(async () => (await jobState(requestId)) === 'completed', 'the escalation job, retried');
    await app.quiet();
    expect(failed).toBeGreaterThan(0);
    const job = await app.web.jobs.clockQueue.getJob(approvalJobId(TENANT, requestId));
    expect(job?.attemptsMade ?? 0).toBeGreaterThanOrEqual(2);
    const after = await slipOf(slip.id);
    expect(after.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    expect(toldRequester()).toHaveLength(1);
    const alerts = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.body.channel === 'DUMGR' && /waited .* for approval/.test(JSON.stringify(c.body)));
    expect(alerts).toHaveLength(1);
  });
  it('a job whose escalation was saved but whose alert failed alerts the managers on its retry', async () => {
    const { slip, requestId } = await asked('T6 got the wrong soup, guest annoyed');
    // the slip is marked escalated, then handing the alert on fails (as the delivery queue being down would)
    const alerts = jest
      .spyOn(app.worker.jobs.alerts, 'escalate')
      .mockRejectedValueOnce(new Error('delivery queue unavailable'));
    try {
      await until(async () => (await jobState(requestId)) === 'completed', 'the escalation job, retried');
      await app.quiet();
    } finally {
      alerts.mockRestore();
    }
    const job = await app.web.jobs.clockQueue.getJob(approvalJobId(TENANT, requestId));
    expect(job?.attemptsMade ?? 0).toBeGreaterThanOrEqual(2);
    const after = await slipOf(slip.id);
    expect(after.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    const managerAlerts = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.body.channel === 'DUMGR' && /waited .* for approval/.test(JSON.stringify(c.body)));
    expect(managerAlerts).toHaveLength(1);
    expect(toldRequester()).toHaveLength(1);
  });
});
