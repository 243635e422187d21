import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Core } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { Jobs } from '../../src/roles/jobs';
import { createRuntime } from '../../src/roles/runtime';
import type { Slip } from '../../src/slips/slip';
import { FakeSlack } from '../helpers/fakeSlack';
import { aSlip } from '../helpers/fixtures';
import { cleanEnv, type RunningProcess, startTs } from '../helpers/processes';
import { SIGNING_SECRET } from '../helpers/slackRequests';
import { type Bench, type BenchRow, benchRedis, percentile, round } from './lib';

const COUNT = 10_000;
const BURST = 4000;
const PARALLEL = 50;
/**
 * 10,000 reminders fall due within a minute (~170 a second, far above any venue group's real rate), starting a few
 * seconds after scheduling ends; the burst figure measures the ceiling separately.
 */
const SPREAD_MS = 60_000;

async function inParallel<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

interface Setup {
  core: Core;
  jobs: Jobs;
  fake: FakeSlack;
  env: NodeJS.ProcessEnv;
}

/** Slips with follow-ups due at `dueOf(i)` (not timed), then their jobs scheduled 50 at a time (timed). */
async function seed(
  setup: Setup,
  count: number,
  dueOf: (i: number) => number,
): Promise<{ slips: Slip[]; scheduleMs: number }> {
  const slips: Slip[] = [];
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    async (i) => {
      const {
        id: _id,
        version: _v,
        ...draft
      } = aSlip({
        tenant: 'slack-T1',
        messageRef: `b${i}-${Math.random()}`,
        owner: `U${i % 50}`,
        // recent: a slip from 1970 is one the workers' retention job would rightly delete
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      slips.push((await setup.core.slips.create(draft)).slip);
    },
  );
  const scheduled = await Promise.all(
    slips.map((slip, i) =>
      setup.core.slips.update(slip.tenant, slip.id, (s) => ({
        ...s,
        followUp: { purpose: 'check-back', dueAt: dueOf(i), status: 'scheduled', nudges: 0 },
      })),
    ),
  );
  const start = performance.now();
  await inParallel(scheduled, (slip) => setup.jobs.followUps.schedule(slip));
  return { slips: scheduled, scheduleMs: performance.now() - start };
}

/** Two worker processes, as in production (each its own core and event loop). */
async function workers(env: NodeJS.ProcessEnv): Promise<RunningProcess[]> {
  const started = [startTs('src/main.ts', ['worker'], env), startTs('src/main.ts', ['worker'], env)];
  await Promise.all(started.map((w) => w.waitFor(/worker role started/)));
  return started;
}

function slipIdOf(body: Record<string, unknown>): string {
  const key = (body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? '';
  return key.split('|')[2] ?? '';
}

async function until(check: () => boolean, deadline: number): Promise<void> {
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Scheduling 10,000 follow-ups and how late their reminders reach a fake Slack with 2 worker processes, then the
 * delivery ceiling in a burst; each next to bare BullMQ (plain delayed jobs, 2 workers that only note the time).
 */
export const followUpsBench: Bench = async () => {
  const redis = await benchRedis();
  const fake = new FakeSlack();
  await fake.start();
  const base = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL: redis.url,
  };
  const env = cleanEnv({
    ...base,
    REDIS_PREFIX: 'benchfu',
    WORKER_CONCURRENCY: '50',
    NUDGE_AFTER_MINUTES: '600',
    LOG_LEVEL: 'info',
  });
  const config = loadConfig({ ...env, NODE_ENV: 'test' });
  const runtime = await createRuntime(config, silentLogger(), redis.url);
  const { core, jobs } = runtime;
  const setup = { core, jobs, fake, env };
  const rows: BenchRow[] = [];
  try {
    const start = Date.now() + 30_000;
    const { slips, scheduleMs } = await seed(setup, COUNT, (i) => start + Math.floor((i * SPREAD_MS) / COUNT));
    const due = new Map(slips.map((s) => [s.id, s.followUp!.dueAt]));
    const running = await workers(env);
    await until(() => fake.messages.length >= COUNT, start + SPREAD_MS + 60_000);
    const lateness = fake.calls
      .filter((c) => c.method === 'chat.postMessage')
      .map((c) => c.at - (due.get(slipIdOf(c.body)) ?? c.at));
    const delivered = fake.messages.length;
    if (delivered < COUNT)
      for (const worker of running) process.stderr.write(`worker output (tail):\n${worker.output().slice(-3000)}\n`);
    fake.reset();
    // the burst: everything due at once
    const burstAt = Date.now() + 25_000;
    await seed(setup, BURST, () => burstAt);
    await until(() => fake.messages.length >= BURST, burstAt + 60_000);
    const burstRate = Math.round(fake.messages.length / ((Math.max(...fake.calls.map((c) => c.at)) - burstAt) / 1000));
    await Promise.all(running.map((w) => w.stop()));
    const bare = await bareBullMq(redis.url);
    rows.push(
      {
        name: `schedule ${COUNT.toLocaleString('en-US')} follow-ups`,
        value: round(scheduleMs / 1000, 2),
        unit: 's',
        goal: '<= 2',
        baseline: { name: 'bare BullMQ add', value: round(bare.addMs / 1000, 2) },
      },
      {
        name: 'reminder lateness p50 (2 workers, 170/s)',
        value: round(percentile(lateness, 50)),
        unit: 'ms',
        goal: '<= 1000',
        baseline: { name: 'bare BullMQ delayed job', value: round(percentile(bare.lateness, 50)) },
      },
      {
        name: 'reminder lateness p99 (2 workers, 170/s)',
        value: round(percentile(lateness, 99)),
        unit: 'ms',
        goal: '<= 1000',
        baseline: { name: 'bare BullMQ delayed job', value: round(percentile(bare.lateness, 99)) },
      },
      { name: 'reminders delivered', value: delivered, unit: `of ${COUNT}`, goal: `>= ${COUNT}` },
      {
        name: 'delivery ceiling, burst (2 workers)',
        value: burstRate,
        unit: 'reminders/s',
        goal: '>= 300',
        baseline: { name: 'bare BullMQ no-op jobs', value: bare.burstRate },
      },
    );
    return rows;
  } finally {
    await runtime.close();
    await fake.stop();
    await redis.stop();
  }
};

/** The baseline: plain delayed jobs with the same count and spread, then a burst, taken by 2 no-op workers. */
async function bareBullMq(url: string): Promise<{ addMs: number; lateness: number[]; burstRate: number }> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('bare', { connection, prefix: 'benchbare' });
  const seen: Array<{ at: number; dueAt: number }> = [];
  const add = async (count: number, dueOf: (i: number) => number, tag: string) => {
    const start = performance.now();
    await inParallel(
      Array.from({ length: count }, (_, i) => i),
      (i) => {
        const dueAt = dueOf(i);
        return queue.add(
          'x',
          { dueAt },
          { jobId: `${tag}-${i}`, delay: Math.max(0, dueAt - Date.now()), removeOnComplete: true },
        );
      },
    );
    return performance.now() - start;
  };
  const start = Date.now() + 10_000;
  const addMs = await add(COUNT, (i) => start + Math.floor((i * SPREAD_MS) / COUNT), 'spread');
  // BullMQ does not close connections it was given: keep them to close at the end
  const connections: Redis[] = [];
  const take = () =>
    new Worker(
      'bare',
      async (job) => void seen.push({ at: Date.now(), dueAt: (job.data as { dueAt: number }).dueAt }),
      {
        connection: connections[connections.push(new Redis(url, { maxRetriesPerRequest: null })) - 1]!,
        prefix: 'benchbare',
        concurrency: 50,
      },
    );
  const pair = [take(), take()];
  await until(() => seen.length >= COUNT, start + SPREAD_MS + 30_000);
  const lateness = seen.map((s) => s.at - s.dueAt);
  seen.length = 0;
  const burstAt = Date.now() + 5000;
  await add(BURST, () => burstAt, 'burst');
  await until(() => seen.length >= BURST, burstAt + 30_000);
  const burstRate = Math.round(seen.length / ((Math.max(...seen.map((s) => s.at)) - burstAt) / 1000));
  for (const worker of pair) await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  for (const c of connections) c.disconnect();
  return { addMs, lateness, burstRate };
}
