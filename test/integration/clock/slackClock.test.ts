import type { Job } from 'bullmq';
import { CLOCK_TARGETS, type ClockTarget } from '../../../src/clock/clock';
import { clockJobId } from '../../../src/clock/ports';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import type { Playbook } from '../../../src/playbook/schema';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import type { Slip } from '../../../src/slips/slip';
import { testRedisUrl } from '../../helpers/redis';
import {
  buttonPress,
  cardedSlip,
  MANAGER_DM,
  type SlackTestApp,
  settle,
  startSlackTestApp,
  TENANT,
} from '../../helpers/slackApp';

/**
 * The recovery clock end to end on Slack: the web role starts a delayed job per target in BullMQ (real Redis), the
 * worker roles run them against the fake Slack. Targets are a second or two (the playbook's minutes may be
 * fractions), so the whole ladder runs inside a test; every "nothing more" is asserted after a barrier (the clock
 * jobs have run or are gone, and the app is quiet), never after a sleep.
 */
describe('the recovery clock on Slack', () => {
  let app: SlackTestApp;
  let second: WorkerRole | undefined;
  beforeAll(async () => {
    app = await startSlackTestApp();
    await app.watch('C1');
  });
  afterAll(async () => {
    await second?.stop();
    await app.stop();
  });
  beforeEach(() => app.fake.reset());

  /** Saves the tenant's playbook with these targets (minutes); slips reported after it keep them. */
  async function targets(t: Playbook['targets']): Promise<void> {
    const current = await app.web.core.playbooks.current(TENANT);
    await app.web.core.playbooks.save(
      TENANT,
      { ...current.playbook, targets: t },
      { expectedVersion: current.version, author: 'UMGR', summary: 'clock targets' },
    );
  }

  const nudgesFor = (slip: Slip, step: string) =>
    app.fake
      .callsOf('chat.postMessage')
      .filter(
        (c) =>
          c.body.channel === 'C1' &&
          c.body.thread_ts === slip.threadRef &&
          String(c.body.text).startsWith(`⏱ Slip #${slip.id} is open`) &&
          String(c.body.text).includes(`not ${step} yet`),
      );
  const escalationsFor = (slip: Slip) =>
    app.fake
      .callsOf('chat.postMessage')
      .filter(
        (c) => c.body.channel === MANAGER_DM && String(c.body.text).startsWith(`Slip #${slip.id} needs a manager`),
      );

  async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await settle(25);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** The barrier: each of the slip's clock jobs has finished (or was removed), and the app is quiet. */
  async function clockSettled(slip: Slip): Promise<void> {
    const queue = app.web.jobs.clockQueue;
    for (const target of CLOCK_TARGETS) {
      const id = clockJobId(TENANT, slip.id, target);
      await until(
        async () => !['delayed', 'waiting', 'active', 'prioritized'].includes(await queue.getJobState(id)),
        `clock job ${id}`,
      );
    }
    await app.quiet();
  }

  async function reported(text: string): Promise<Slip> {
    const { ts } = await app.message(text);
    return cardedSlip(app, ts);
  }

  it('a missed target nudges once in the thread (reporter named), then the manager on duty is told once', async () => {
    await targets({ acknowledge: 0.02, correct: 0.04, manager: 0.06, bySeverity: {} });
    const slip = await reported('T12 got the wrong steak, guest annoyed');
    expect(slip.targets).toEqual({ acknowledgeMs: 1200, correctMs: 2400, managerMs: 3600 });
    await until(() => escalationsFor(slip).length > 0, 'the escalation');
    await clockSettled(slip);
    const ack = nudgesFor(slip, 'acknowledged');
    const fix = nudgesFor(slip, 'corrected');
    expect(ack).toHaveLength(1);
    expect(fix).toHaveLength(1);
    expect(escalationsFor(slip)).toHaveLength(1);
    // addressed to the reporter (a real mention) and whoever is on shift, never before the target
    expect(String(ack[0]!.body.text)).toContain('<@U1>, or whoever is on shift');
    expect(ack[0]!.at).toBeGreaterThanOrEqual(slip.createdAt + 1200);
    expect(fix[0]!.at).toBeGreaterThanOrEqual(slip.createdAt + 2400);
    expect(String(escalationsFor(slip)[0]!.body.text)).toContain('not corrected');
    // the card's clock is redrawn when a target passes, in place
    const redrawn = app.fake.callsOf('chat.update').filter((c) => c.body.ts === slip.cardRef);
    expect(redrawn.length).toBeGreaterThan(0);
    expect(JSON.stringify(redrawn.at(-1)!.body.blocks)).toMatch(/overdue/);
    const after = await app.web.core.slips.get(TENANT, slip.id);
    expect(after!.escalated).toBe(true);
    expect(after!.timeline.find((e) => e.kind === 'escalated')!.note).toMatch(
      /^not corrected \d+ s after it was reported, not even acknowledged$/,
    );
  });

  it('no nudge and no manager when the steps are pressed in time; the card shows how long each took', async () => {
    await targets({ acknowledge: 0.5, correct: 1, manager: 1.5, bySeverity: {} });
    const slip = await reported('T3 fries are cold, guest unhappy');
    const queue = app.web.jobs.clockQueue;
    expect(await queue.getJobState(clockJobId(TENANT, slip.id, 'acknowledge'))).toBe('delayed');
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef }));
    await until(async () => (await app.web.core.slips.get(TENANT, slip.id))!.status === 'acknowledged', 'acknowledged');
    await app.quiet();
    const update = app.fake.callsOf('chat.update').at(-1)!;
    expect(JSON.stringify(update.body.blocks)).toMatch(
      /:stopwatch: acknowledged in \d+ s · open \d+ s: correct within 1 min/,
    );
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'correct', note: 'fresh fries' });
    // the barrier: every clock job of the slip is gone (removed when its step was done)
    for (const target of CLOCK_TARGETS)
      expect(await queue.getJob(clockJobId(TENANT, slip.id, target as ClockTarget))).toBeUndefined();
    await app.quiet();
    expect(nudgesFor(slip, 'acknowledged')).toHaveLength(0);
    expect(nudgesFor(slip, 'corrected')).toHaveLength(0);
    expect(escalationsFor(slip)).toHaveLength(0);
  });

  it('a job that runs after its step was done (not removed in time) checks and does nothing', async () => {
    await targets({ acknowledge: 0.5, correct: 1, manager: 1.5, bySeverity: {} });
    const slip = await reported('T8 waited 40 min for mains, guest annoyed');
    await app.web.core.service.act(TENANT, slip.id, 'U1', { kind: 'acknowledge' });
    // as if the removal had been lost: the job comes back, due now
    const job = { tenant: TENANT, slipId: slip.id, target: 'acknowledge' as const, dueAt: Date.now() };
    await app.web.jobs.clockQueue.add('clock', job, { jobId: clockJobId(TENANT, slip.id, 'acknowledge') });
    const ran = (await app.web.jobs.clockQueue.getJob(clockJobId(TENANT, slip.id, 'acknowledge'))) as Job;
    await until(async () => (await ran.getState()) === 'completed', 'the stale job to run');
    expect((await app.web.jobs.clockQueue.getJob(ran.id!))!.returnvalue).toBe('the acknowledge target was met');
    await app.quiet();
    expect(nudgesFor(slip, 'acknowledged')).toHaveLength(0);
  });

  it('two workers and a restart that runs the jobs again: still one nudge per target and one escalation', async () => {
    second = await startWorker(loadConfig(app.env), silentLogger(), testRedisUrl(), { lockDurationMs: 5000 });
    await targets({ acknowledge: 0.02, correct: 0.03, manager: 0.04, bySeverity: {} });
    const slips = await Promise.all(
      [
        'T21 got the wrong pasta, guest annoyed',
        'T22 soup was cold, guest upset',
        'T23 waited an hour, guest angry',
      ].map(reported),
    );
    for (const slip of slips) await until(() => escalationsFor(slip).length > 0, `the escalation of #${slip.id}`);
    for (const slip of slips) await clockSettled(slip);
    // a restart that schedules every clock job again (the completed ones replaced), due at once
    for (const slip of slips)
      for (const target of ['acknowledge', 'correct'] as const) {
        const id = clockJobId(TENANT, slip.id, target);
        await (await app.web.jobs.clockQueue.getJob(id))?.remove();
        await app.web.jobs.clockQueue.add(
          'clock',
          { tenant: TENANT, slipId: slip.id, target, dueAt: 0 },
          { jobId: id },
        );
      }
    for (const slip of slips) await clockSettled(slip);
    for (const slip of slips) {
      expect(nudgesFor(slip, 'acknowledged')).toHaveLength(1);
      expect(nudgesFor(slip, 'corrected')).toHaveLength(1);
      expect(escalationsFor(slip)).toHaveLength(1);
    }
  });
  // last: it makes every category private for the rest of this file
  it("a private slip is nudged in its owner's DM, never in the channel", async () => {
    const current = await app.web.core.playbooks.current(TENANT);
    await app.web.core.playbooks.save(
      TENANT,
      {
        ...current.playbook,
        targets: { acknowledge: 0.02, correct: 0.04, manager: 0.06, bySeverity: {} },
        categories: current.playbook.categories.map((c) => ({ ...c, private: true })),
      },
      { expectedVersion: current.version, author: 'UMGR', summary: 'private and fast' },
    );
    const { ts } = await app.message('T9 the waiter was rude to the guest, guest upset');
    const carded = async () => {
      const found = await app.web.core.slips.findByMessage(TENANT, 'C1', ts);
      return found?.cardRef ? found : undefined;
    };
    await until(async () => (await carded()) !== undefined, 'the slip');
    const slip = (await carded())!;
    expect(slip.private).toBe(true);
    await until(() => escalationsFor(slip).length > 0, 'the escalation');
    await clockSettled(slip);
    const clockPosts = app.fake
      .callsOf('chat.postMessage')
      .filter((c) => String(c.body.text).includes(`⏱ Slip #${slip.id}`));
    expect(clockPosts.length).toBeGreaterThan(0);
    expect(clockPosts.every((c) => c.body.channel !== 'C1')).toBe(true);
  });
});
