import type { Queue } from 'bullmq';
import { type Core, createCore } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import { previousBoundary, type ShiftSchedule } from '../../../src/handoff/schedule';
import { silentLogger } from '../../../src/log';
import { createJobs, type Jobs } from '../../../src/roles/jobs';
import { FakeSlack, type RecordedCall } from '../../helpers/fakeSlack';
import { deliveries, seedFollowUps, TENANT, waitUntil, workerEnv } from '../../helpers/followUpLoad';
import { type RunningProcess, startTs } from '../../helpers/processes';
import { testRedisUrl, uniquePrefix } from '../../helpers/redis';

/** How long after the kill Slack answers 429 to every history check; posts get 429 for the first half of it. */
const STORM_MS = 8000;

const isKind = (call: RecordedCall, kind: string) =>
  String((call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key).startsWith(kind);

/** No job of the queue is running or waiting to run now (delayed ones are for later stages or shifts). */
async function idle(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

/**
 * Three worker processes; Slack keeps every post of `kind` but holds back its answer, so the workers are mid-send.
 * One worker is SIGKILLed then, and for STORM_MS Slack answers 429 to history checks, and for the first half of it
 * to posts too (crashes come in bursts, and so do rate limits, per method); then it answers normally. A replacement worker keeps three running.
 */
async function crashThenStorm(
  fake: FakeSlack,
  prefix: string,
  kind: string,
  seed: (j: Jobs, c: Core) => Promise<void>,
) {
  const env = workerEnv(fake, prefix, testRedisUrl());
  const config = loadConfig({ ...env, NODE_ENV: 'test' });
  const core = await createCore(config, silentLogger(), testRedisUrl());
  const jobs = createJobs(config, core.redis);
  const workers: RunningProcess[] = [];
  const refused = { history: 0, posts: 0 };
  for (let i = 0; i < 3; i++) workers.push(startTs('src/main.ts', ['worker'], env));
  await Promise.all(workers.map((w) => w.waitFor(/worker role started/)));
  fake.holdWhen((call) => call.method === 'chat.postMessage' && isKind(call, kind));
  await seed(jobs, core);
  await waitUntil(() => fake.heldCount >= 30, 30_000);
  workers[0]!.child.kill('SIGKILL');
  await workers[0]!.exited();
  const stormUntil = Date.now() + STORM_MS;
  fake.failWhen((call) => {
    const now = Date.now();
    if (call.method === 'conversations.history' && now < stormUntil) refused.history++;
    else if (call.method === 'chat.postMessage' && now < stormUntil - STORM_MS / 2) refused.posts++;
    else return undefined;
    return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
  });
  const { cutOff } = fake.releaseHeld();
  workers.push(startTs('src/main.ts', ['worker'], env));
  return { core, jobs, workers, refused, cutOff, stormUntil };
}

describe('exactly once through a crash mid-send followed by a 429 storm', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('300 reminders: each delivered exactly once, none posted while Slack could not say whether it had one', async () => {
    let ids: string[] = [];
    const run = await crashThenStorm(fake, uniquePrefix('crash429'), 'rm|', async (jobs, core) => {
      ids = await seedFollowUps(core, jobs, 300, 6000, 8000);
    });
    const { core, jobs, workers, refused } = run;
    try {
      // the barrier: every slip reminded and no follow-up job running or waiting, so no post can still come
      await waitUntil(async () => {
        const slips = await core.slips.list(TENANT, { limit: 1000 });
        return slips.filter((s) => s.followUp?.remindedAt).length === ids.length && (await idle(jobs.followUpQueue));
      }, 90_000);
      const counts = deliveries(fake, 'rm|');
      expect(run.cutOff).toBeGreaterThan(0);
      expect(refused.history).toBeGreaterThan(0);
      expect(refused.posts).toBeGreaterThan(0);
      expect(counts.size).toBe(300);
      expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      // operators see the held-back deliveries in the log
      expect(workers.map((w) => w.output()).join('')).toMatch(/can't tell yet whether delivery rm\|/);
      process.stdout.write(
        `crash+429: ${run.cutOff} posts cut off by the kill, ${refused.history} history checks and ` +
          `${refused.posts} posts refused with 429; 300 of 300 delivered once\n`,
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await jobs.followUpQueue.obliterate({ force: true });
      await jobs.close();
      await core.close();
    }
  }, 150_000);

  it("60 channels' handoffs: each posted exactly once", async () => {
    const channels = Array.from({ length: 60 }, (_, i) => `CH${i}`);
    const run = await crashThenStorm(fake, uniquePrefix('handoff429'), 'ho|', async (jobs, core) => {
      for (const channel of channels) {
        const schedule: ShiftSchedule = {
          tenant: TENANT,
          channel,
          boundaries: ['06:00', '14:00', '22:00'],
          timezone: 'UTC',
          quiet: 'line',
          setBy: 'U1',
          setAt: Date.now(),
        };
        await core.shifts.set(schedule);
        await jobs.handoffs.scheduleHandoff(TENANT, channel, previousBoundary(schedule, Date.now()));
      }
    });
    const { core, jobs, workers, refused } = run;
    try {
      // the barrier: no handoff job for a past boundary is left (running, waiting or held back), so no post can come
      await waitUntil(async () => {
        const held = (await jobs.handoffQueue.getDelayed()).filter((j) => j.data.at && j.data.at <= Date.now());
        return held.length === 0 && (await idle(jobs.handoffQueue));
      }, 90_000);
      const counts = deliveries(fake, 'ho|');
      expect(run.cutOff).toBeGreaterThan(0);
      expect(refused.history).toBeGreaterThan(0);
      expect(counts.size).toBe(channels.length);
      expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await jobs.handoffQueue.obliterate({ force: true });
      await jobs.close();
      await core.close();
    }
  }, 150_000);
});
