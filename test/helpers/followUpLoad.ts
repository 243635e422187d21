import type { Core } from '../../src/compose';
import type { Jobs } from '../../src/roles/jobs';
import type { NewSlip } from '../../src/slips/slip';
import { type FakeSlack, SIGNING_SECRET } from './fakeSlack';
import { aSlip } from './fixtures';
import { cleanEnv } from './processes';

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

/** Successful posts per delivery key starting with `kind` (the fake keeps only messages Slack accepted). */
export function deliveries(fake: FakeSlack, kind = 'rm|'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    const key = (message.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
    if (key?.startsWith(kind)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Polls `check` until it holds or `timeoutMs` passes (the caller's assertions then say what was missing). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
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
