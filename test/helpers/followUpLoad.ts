import type { Queue } from 'bullmq';
import type { Core } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import type { Jobs } from '../../src/roles/jobs';
import { createRuntime } from '../../src/roles/runtime';
import type { NewSlip } from '../../src/slips/slip';
import type { FakeSlack } from './fakeSlack';
import { aSlip } from './fixtures';
import { cleanEnv, type RunningProcess, startTs } from './processes';
import { testRedisUrl } from './redis';
import { SIGNING_SECRET } from './slackRequests';

export const TENANT = 'slack-T1';

/** Slips whose follow-ups fall due between `from` and `to` ms from now, spread evenly, owners spread over 20 people. */
export async function seedFollowUps(
  core: Core,
  jobs: Jobs,
  count: number,
  from: number,
  to: number,
  tenant = TENANT,
): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const dueAt = now + from + Math.floor(((to - from) * i) / Math.max(1, count - 1));
    const {
      id: _id,
      version: _v,
      ...base
    } = aSlip({
      tenant,
      messageRef: `m-${i}`,
      owner: `U${i % 20}`,
      reporter: `U${i % 20}`,
      // recent: a slip from 1970 is one the workers' retention job would rightly delete
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    const draft: NewSlip = { ...base, followUp: { purpose: 'check-back', dueAt, status: 'scheduled', nudges: 0 } };
    const { slip } = await core.slips.create(draft);
    await jobs.followUps.schedule(slip);
    ids.push(slip.id);
  }
  return ids;
}

/** The delivery key a post carries in its metadata (`rm|…` a reminder, `ho|…` a handoff), if any. */
export function deliveryKey(metadata: unknown): string | undefined {
  return (metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
}

/** Successful posts per delivery key starting with `kind` (the fake keeps only messages Slack accepted). */
export function deliveries(fake: FakeSlack, kind = 'rm|'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    const key = deliveryKey(message.metadata);
    if (key?.startsWith(kind)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** No job of the queue is running or waiting to run now (delayed ones are for later stages or shifts). */
export async function idle(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

/** Polls `check` until it holds or `timeoutMs` passes (the caller's assertions then say what was missing). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A premise the test cannot go on without: waits for `check`, and fails naming `what` if it never holds. */
export async function barrier(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  if (!(await waitUntil(check, timeoutMs))) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
}

/** A worker process's environment against the fake Slack: a 2 s job lock, so a killed worker's jobs move on fast. */
export function workerEnv(
  fake: FakeSlack,
  prefix: string,
  redisUrl: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return cleanEnv({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    WORKER_CONCURRENCY: '25',
    WORKER_LOCK_SECONDS: '2',
    NUDGE_AFTER_MINUTES: '120',
    LOG_LEVEL: 'info',
    ...extra,
  });
}

/** Worker processes against the fake Slack, and a producer (core and jobs) in this process to seed their work. */
export interface WorkerFleet {
  core: Core;
  jobs: Jobs;
  workers: RunningProcess[];
  /** Starts one more worker process, with the bot token `workerToken(its index)`. */
  add(): RunningProcess;
  /** Stops every worker, empties the queues and closes the producer. */
  stop(): Promise<void>;
}

/** Each worker's own bot token, so the fake can tell whose calls are whose. */
export const workerToken = (index: number) => `xoxb-w${index}`;

/** Starts `count` worker processes on a fresh prefix and waits until each has started. */
export async function startWorkerFleet(fake: FakeSlack, prefix: string, count: number): Promise<WorkerFleet> {
  const env = workerEnv(fake, prefix, testRedisUrl());
  const config = loadConfig({ ...env, NODE_ENV: 'test' });
  const runtime = await createRuntime(config, silentLogger(), testRedisUrl());
  const { core } = runtime;
  const { jobs } = runtime;
  const workers: RunningProcess[] = [];
  const fleet: WorkerFleet = {
    core,
    jobs,
    workers,
    add: () => {
      const worker = startTs('src/main.ts', ['worker'], { ...env, SLACK_BOT_TOKEN: workerToken(workers.length) });
      workers.push(worker);
      return worker;
    },
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all([jobs.followUpQueue, jobs.handoffQueue].map((q) => q.obliterate({ force: true })));
      await runtime.close();
    },
  };
  try {
    for (let i = 0; i < count; i++) fleet.add();
    await Promise.all(workers.map((w) => w.waitFor(/worker role started/)));
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}
