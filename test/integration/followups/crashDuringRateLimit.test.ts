import { previousBoundary, type ShiftSchedule } from '../../../src/handoff/schedule';
import { FakeSlack, type RecordedCall } from '../../helpers/fakeSlack';
import {
  barrier,
  deliveries,
  deliveryKey,
  idle,
  seedFollowUps,
  startWorkerFleet,
  TENANT,
  type WorkerFleet,
  waitUntil,
  workerToken,
} from '../../helpers/followUpLoad';
import { uniquePrefix } from '../../helpers/redis';

/** How long after the kill Slack answers 429 to every history check; posts get 429 for the first half of it. */
const STORM_MS = 8000;

const isKind = (call: RecordedCall, kind: string) => String(deliveryKey(call.body.metadata)).startsWith(kind);

/**
 * Slack keeps every post of `kind` but holds back its answer, so the workers are mid-send. The worker holding the
 * most posts is SIGKILLed then, and for STORM_MS Slack answers 429 to history checks, and for the first half of it
 * to posts too (crashes come in bursts, and so do rate limits, per method); then it answers normally. A replacement
 * worker keeps the fleet at its size. Barriers, not timers, order it: the kill waits until posts are held, and the
 * answers wait until the fake has seen the killed worker hang up on every post it held.
 */
async function crashThenStorm(fake: FakeSlack, fleet: WorkerFleet, kind: string, seed: () => Promise<void>) {
  const refused = { history: 0, posts: 0 };
  fake.holdWhen((call) => call.method === 'chat.postMessage' && isKind(call, kind));
  await seed();
  await barrier('30 posts held mid-send', () => fake.heldCount() >= 30, 45_000);
  const held = fleet.workers.map((_, i) => fake.heldCount(workerToken(i)));
  const victim = held.indexOf(Math.max(...held));
  fleet.workers[victim]!.child.kill('SIGKILL');
  await fleet.workers[victim]!.exited();
  await barrier('the killed worker to hang up', () => fake.heldCount(workerToken(victim)) === 0, 10_000);
  const stormUntil = Date.now() + STORM_MS;
  fake.failWhen((call) => {
    const now = Date.now();
    if (call.method === 'conversations.history' && now < stormUntil) refused.history++;
    else if (call.method === 'chat.postMessage' && now < stormUntil - STORM_MS / 2) refused.posts++;
    else return undefined;
    return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
  });
  const { cutOff } = fake.releaseHeld();
  fleet.add();
  return { refused, cutOff };
}

describe('exactly once through a crash mid-send followed by a 429 storm', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('300 reminders: each delivered exactly once, none posted while Slack could not say whether it had one', async () => {
    const fleet = await startWorkerFleet(fake, uniquePrefix('crash429'), 3);
    const { core, jobs } = fleet;
    try {
      let ids: string[] = [];
      const run = await crashThenStorm(fake, fleet, 'rm|', async () => {
        ids = await seedFollowUps(core, jobs, 300, 6000, 8000);
      });
      const { refused } = run;
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
      expect(fleet.workers.map((w) => w.output()).join('')).toMatch(/can't tell yet whether delivery rm\|/);
      process.stdout.write(
        `crash+429: ${run.cutOff} posts cut off by the kill, ${refused.history} history checks and ` +
          `${refused.posts} posts refused with 429; 300 of 300 delivered once\n`,
      );
    } finally {
      await fleet.stop();
    }
  }, 150_000);

  it("60 channels' handoffs: each posted exactly once", async () => {
    const channels = Array.from({ length: 60 }, (_, i) => `CH${i}`);
    const fleet = await startWorkerFleet(fake, uniquePrefix('handoff429'), 3);
    const { core, jobs } = fleet;
    try {
      const run = await crashThenStorm(fake, fleet, 'ho|', async () => {
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
      // the barrier: no handoff job for a past boundary is left (running, waiting or held back), so no post can come
      await waitUntil(async () => {
        const held = (await jobs.handoffQueue.getDelayed()).filter((j) => j.data.at && j.data.at <= Date.now());
        return held.length === 0 && (await idle(jobs.handoffQueue));
      }, 90_000);
      const counts = deliveries(fake, 'ho|');
      expect(run.cutOff).toBeGreaterThan(0);
      expect(run.refused.history).toBeGreaterThan(0);
      expect(counts.size).toBe(channels.length);
      expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      await fleet.stop();
    }
  }, 150_000);
});
