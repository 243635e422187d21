import { createCore } from '../../../src/compose';
import { type Config, loadConfig } from '../../../src/config';
import { RedisSlackInstallationStore } from '../../../src/infra/redis/slackInstallationStore';
import { silentLogger } from '../../../src/log';
import { createJobs } from '../../../src/roles/jobs';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import { FakeSlack } from '../../helpers/fakeSlack';
import {
  deliveries,
  idle,
  seedFollowUps,
  startWorkerFleet,
  TENANT,
  waitUntil,
  workerEnv,
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

  it('3 worker processes, 1,000 follow-ups due within seconds, one SIGKILLed mid-run: each delivered exactly once', async () => {
    const fleet = await startWorkerFleet(fake, uniquePrefix('crash'), 3);
    const { core, jobs, workers } = fleet;
    try {
      // due 8-11 s from now: seeding (a few seconds on a loaded machine) ends before the first one falls due, and
      // due times 3 ms apart pace the burst so the kill below lands mid-run
      const ids = await seedFollowUps(core, jobs, 1000, 8000, 11_000);
      await waitUntil(() => deliveries(fake).size >= 100, 30_000);
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited();
      // the kill landed mid-run: reminders were still being delivered
      expect(deliveries(fake).size).toBeLessThan(ids.length);
      // the barrier: every slip reminded and no follow-up job running or waiting (a job the kill cut short is active
      // until the others take it over), so no post can still come
      await waitUntil(async () => {
        const slips = await core.slips.list(TENANT, { limit: 2000 });
        return slips.filter((s) => s.followUp?.remindedAt).length === ids.length && (await idle(jobs.followUpQueue));
      }, 45_000);
      const counts = deliveries(fake);
      expect(counts.size).toBe(1000);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
      const reminded = await core.slips.list(TENANT, { limit: 2000 });
      expect(reminded.filter((s) => s.followUp?.remindedAt).length).toBe(1000);
    } finally {
      await fleet.stop();
    }
  }, 120_000);

  it('SIGTERM: the worker stops taking jobs, finishes the ones in flight and exits in bounded time; the rest wait', async () => {
    const prefix = uniquePrefix('sigterm');
    const env = workerEnv(fake, prefix, testRedisUrl(), { SHUTDOWN_TIMEOUT_MS: '8000', WORKER_CONCURRENCY: '4' });
    const config = loadConfig({ ...env, NODE_ENV: 'test' });
    const core = await createCore(config, silentLogger(), testRedisUrl());
    const jobs = createJobs(config, core.redis);
    const process = startTs('src/main.ts', ['worker'], env);
    let helper: WorkerRole | undefined;
    try {
      await process.waitFor(/worker role started/);
      fake.delayMs = 1000;
      await seedFollowUps(core, jobs, 12, 0, 100);
      await waitUntil(() => fake.callsOf('chat.postMessage').length >= 1, 10_000);
      const started = Date.now();
      process.child.kill('SIGTERM');
      const code = await process.exited();
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(8000);
      // everything that was in flight at SIGTERM was delivered before the exit
      const inFlight = fake.callsOf('chat.postMessage').length;
      expect(deliveries(fake).size).toBe(inFlight);
      expect(inFlight).toBeLessThan(12);
      fake.delayMs = 0;
      helper = await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 2000 });
      await waitUntil(() => deliveries(fake).size >= 12, 20_000);
      expect([...deliveries(fake).values()]).toEqual(new Array(12).fill(1));
    } finally {
      await process.stop();
      await helper?.stop();
      await jobs.close();
      await core.close();
    }
  }, 60_000);

  it('follow-ups scheduled before a Redis restart (AOF) are delivered after it', async () => {
    const redis = await startPrivateRedis({ appendOnly: true });
    const prefix = uniquePrefix('restart');
    const config: Config = loadConfig({ ...workerEnv(fake, prefix, redis.url), NODE_ENV: 'test' });
    const core = await createCore(config, silentLogger(), redis.url);
    const jobs = createJobs(config, core.redis);
    let worker: WorkerRole | undefined;
    try {
      await seedFollowUps(core, jobs, 40, 2500, 3500);
      await jobs.close();
      await core.close();
      await redis.restart();
      worker = await startWorker(config, silentLogger(), redis.url, { lockDurationMs: 2000 });
      await waitUntil(() => deliveries(fake).size >= 40, 20_000);
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
    const core = await createCore(config, silentLogger(), testRedisUrl());
    const installations = new RedisSlackInstallationStore(core.redis, { prefix });
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
    let throttled = 0;
    fake.failWhen((call) => {
      if (call.method !== 'chat.postMessage' || call.token !== 'xoxb-a' || throttled >= 40) return undefined;
      throttled++;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    });
    const jobs = createJobs(config, core.redis);
    const worker = await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 5000 });
    try {
      const start = Date.now();
      await seedFollowUps(core, jobs, 20, 300, 800, 'slack-TA');
      await seedFollowUps(core, jobs, 20, 300, 800, 'slack-TB');
      await waitUntil(() => deliveries(fake).size >= 40, 30_000);
      const counts = deliveries(fake);
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(throttled).toBeGreaterThan(0);
      const posted = fake.messages.filter((m) => m.channel.startsWith('DU'));
      const lastB = Math.max(
        ...fake.calls.filter((c) => c.method === 'chat.postMessage' && c.token === 'xoxb-b').map((c) => c.at),
      );
      const lastA = Math.max(
        ...fake.calls.filter((c) => c.method === 'chat.postMessage' && c.token === 'xoxb-a').map((c) => c.at),
      );
      // workspace B finished well before A's Retry-After pauses were over
      expect(lastB).toBeLessThan(lastA);
      expect(lastB - start).toBeLessThan(3000);
      expect(posted.length).toBe(40);
    } finally {
      await worker.stop();
      await jobs.close();
      await core.close();
    }
  }, 60_000);
});
