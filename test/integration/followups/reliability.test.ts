import { type Config, loadConfig } from '../../../src/config';
import { RedisSlackInstallationStore } from '../../../src/infra/redis/slackInstallationStore';
import { silentLogger } from '../../../src/log';
import { createRuntime } from '../../../src/roles/runtime';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import { FakeSlack } from '../../helpers/fakeSlack';
import {
  barrier,
  deliveries,
  idle,
  seedFollowUps,
  startWorkerFleet,
  TENANT,
  waitUntil,
  workerEnv,
  workerToken,
} from '../../helpers/followUpLoad';
import { startTs } from '../../helpers/processes';
import { startPrivateRedis, testRedisUrl, uniquePrefix } from '../../helpers/redis';

describe('follow-up delivery survives crashes, restarts and rate limits', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = new FakeSlack();
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('3 worker processes, 1,000 follow-ups due within seconds, one SIGKILLed mid-send: each delivered exactly once', async () => {
    const fleet = await startWorkerFleet(fake, uniquePrefix('crash'), 3);
    const { core, jobs, workers } = fleet;
    try {
      // Slack keeps worker 0's posts but never answers them, so it is mid-send whenever it is killed; the other two
      // deliver meanwhile
      fake.holdWhen((call) => call.method === 'chat.postMessage' && call.token === workerToken(0));
      const ids = await seedFollowUps(core, jobs, 1000, 1000, 4000);
      await barrier(
        'worker 0 holding 10 posts while the others deliver',
        () => fake.heldCount(workerToken(0)) >= 10 && deliveries(fake).size >= 100,
        60_000,
      );
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited();
      await barrier('the killed worker to hang up', () => fake.heldCount(workerToken(0)) === 0, 10_000);
      // the kill cut sends short: those reminders were posted, and the worker never learnt it
      const { cutOff } = fake.releaseHeld();
      expect(cutOff).toBeGreaterThanOrEqual(10);
      // the barrier: every slip reminded and no follow-up job running or waiting (a job the kill cut short is active
      // until the others take it over), so no post can still come
      await waitUntil(async () => {
        const slips = await core.slips.list(TENANT, { limit: 2000 });
        return slips.filter((s) => s.followUp?.remindedAt).length === ids.length && (await idle(jobs.followUpQueue));
      }, 60_000);
      const counts = deliveries(fake);
      expect(counts.size).toBe(1000);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      const reminded = await core.slips.list(TENANT, { limit: 2000 });
      expect(reminded.filter((s) => s.followUp?.remindedAt).length).toBe(1000);
    } finally {
      await fleet.stop();
    }
  }, 150_000);

  it('SIGTERM: the worker stops taking jobs, finishes the ones in flight and exits; one stuck past SHUTDOWN_TIMEOUT_MS exits anyway; the rest wait', async () => {
    const prefix = uniquePrefix('sigterm');
    const shutdownMs = 3000;
    const env = workerEnv(fake, prefix, testRedisUrl(), {
      SHUTDOWN_TIMEOUT_MS: String(shutdownMs),
      WORKER_CONCURRENCY: '4',
    });
    const config = loadConfig({ ...env, NODE_ENV: 'test' });
    const runtime = await createRuntime(config, silentLogger(), testRedisUrl());
    const { core } = runtime;
    const { jobs } = runtime;
    const reminded = async () =>
      (await core.slips.list(TENANT, { limit: 100 })).filter((s) => s.followUp?.remindedAt).length;
    // Slack keeps every post but answers only when told: a worker's jobs are in flight for as long as the test says
    fake.holdWhen((call) => call.method === 'chat.postMessage');
    const first = startTs('src/main.ts', ['worker'], env);
    let second: ReturnType<typeof startTs> | undefined;
    let helper: WorkerRole | undefined;
    try {
      await first.waitFor(/worker role started/);
      await seedFollowUps(core, jobs, 12, 0, 100);
      await barrier('4 posts in flight (every slot busy)', () => fake.heldCount() === 4, 20_000);
      first.child.kill('SIGTERM');
      // the barrier: the signal is handled (it has stopped taking jobs) before the posts in flight are answered
      await first.waitFor(/shutting down/);
      fake.releaseHeld();
      expect(await first.exited()).toBe(0);
      // it finished what was in flight, recorded it, and took nothing new
      expect(fake.callsOf('chat.postMessage')).toHaveLength(4);
      expect(await reminded()).toBe(4);

      // a worker whose posts are never answered still exits: SHUTDOWN_TIMEOUT_MS bounds the wait
      fake.holdWhen((call) => call.method === 'chat.postMessage');
      second = startTs('src/main.ts', ['worker'], env);
      await second.waitFor(/worker role started/);
      await barrier('4 more posts in flight', () => fake.heldCount() === 4, 20_000);
      const signalled = Date.now();
      second.child.kill('SIGTERM');
      await second.exited();
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(shutdownMs);
      await barrier('the stopped worker to hang up', () => fake.heldCount() === 0, 10_000);
      expect(fake.releaseHeld().cutOff).toBe(4);
      expect(await reminded()).toBe(4);

      // the rest wait for another worker: the 4 cut short are found posted, the other 4 are posted, all once
      helper = await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 2000 });
      await barrier(
        'all 12 reminded and no job left to run',
        async () => (await reminded()) === 12 && (await idle(jobs.followUpQueue)),
        30_000,
      );
      expect([...deliveries(fake).values()]).toEqual(new Array(12).fill(1));
    } finally {
      await first.stop();
      await second?.stop();
      await helper?.stop();
      await runtime.close();
    }
  }, 90_000);

  it('follow-ups scheduled before a Redis restart (AOF) are delivered after it', async () => {
    const redis = await startPrivateRedis({ appendOnly: true });
    const prefix = uniquePrefix('restart');
    const config: Config = loadConfig({ ...workerEnv(fake, prefix, redis.url), NODE_ENV: 'test' });
    const runtime = await createRuntime(config, silentLogger(), redis.url);
    const { core, jobs } = runtime;
    let worker: WorkerRole | undefined;
    try {
      await seedFollowUps(core, jobs, 40, 0, 1000);
      await runtime.close();
      await redis.restart();
      // no worker has run yet: whatever is delivered, is delivered after the restart
      expect(deliveries(fake).size).toBe(0);
      worker = await startWorker(config, silentLogger(), redis.url, { lockDurationMs: 2000 });
      const after = worker;
      // the barrier: every slip reminded and no follow-up job running or waiting, so no post can still come
      await barrier(
        'all 40 reminded and no job left to run',
        async () =>
          (await after.core.slips.list(TENANT, { limit: 100 })).filter((s) => s.followUp?.remindedAt).length === 40 &&
          (await idle(after.jobs.followUpQueue)),
        30_000,
      );
      expect(deliveries(fake).size).toBe(40);
      expect([...deliveries(fake).values()].every((n) => n === 1)).toBe(true);
    } finally {
      await worker?.stop();
      await redis.stop();
    }
  }, 60_000);

  it('a 429 storm in one workspace: all delivered after Retry-After, none lost or doubled, other workspaces not held up', async () => {
    const prefix = uniquePrefix('storm');
    const config = loadConfig({
      ...workerEnv(fake, prefix, testRedisUrl()),
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: 'cid',
      SLACK_CLIENT_SECRET: 'csecret',
      SLACK_STATE_SECRET: 'state',
      NODE_ENV: 'test',
    });
    const runtime = await createRuntime(config, silentLogger(), testRedisUrl());
    const { core } = runtime;
    const installations = new RedisSlackInstallationStore(runtime.redis, { prefix });
    for (const [team, token] of [
      ['TA', 'xoxb-a'],
      ['TB', 'xoxb-b'],
    ])
      await installations.storeInstallation({
        team: { id: team },
        bot: { token, userId: 'UBOT', id: 'B', scopes: [] },
        isEnterpriseInstall: false,
        enterprise: undefined,
        user: { id: 'U0', token: undefined, scopes: undefined },
      } as never);
    // workspace A gets 429 on every post until every one of B's reminders is posted: B can only finish while A is
    // paused, so B finishing at all shows A's pause never held B up (no clock in it)
    const posted = (tenant: string) => deliveries(fake, `rm|${tenant}|`).size;
    let throttled = 0;
    fake.failWhen((call) => {
      if (call.method !== 'chat.postMessage' || call.token !== 'xoxb-a' || posted('slack-TB') >= 20) return undefined;
      throttled++;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    });
    const { jobs } = runtime;
    const worker = await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 5000 });
    try {
      await seedFollowUps(core, jobs, 20, 0, 500, 'slack-TA');
      await barrier('a 429 for workspace A', () => throttled > 0, 20_000);
      await seedFollowUps(core, jobs, 20, 0, 500, 'slack-TB');
      const reminded = async (tenant: string) =>
        (await core.slips.list(tenant, { limit: 100 })).filter((s) => s.followUp?.remindedAt).length;
      await barrier(
        'all 40 reminded and no job left to run',
        async () =>
          (await reminded('slack-TA')) === 20 &&
          (await reminded('slack-TB')) === 20 &&
          (await idle(jobs.followUpQueue)),
        45_000,
      );
      const counts = deliveries(fake);
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(posted('slack-TB')).toBe(20);
      expect(posted('slack-TA')).toBe(20);
      expect(throttled).toBeGreaterThan(0);
      // A's jobs waited out Retry-After without using up their attempts: none failed
      expect((await jobs.followUpQueue.getJobCounts('failed')).failed).toBe(0);
    } finally {
      await worker.stop();
      await runtime.close();
    }
  }, 60_000);
});
