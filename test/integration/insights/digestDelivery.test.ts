import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { loadConfig } from '../../../src/config';
import { digestJobId } from '../../../src/infra/queue/digestQueue';
import { RedisChannelStore } from '../../../src/infra/redis/channelStore';
import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import { CHART_SIZE } from '../../../src/insights/chart';
import { daysEnding } from '../../../src/insights/service';
import { silentLogger } from '../../../src/log';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import { FakeSlack } from '../../helpers/fakeSlack';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../../helpers/redis';

const ZONE = 'America/Chicago';
const ON = 'slack-T1';
const OFF = 'slack-T2';
const MANAGERS = ['UMGR', 'UMGR2'];
/** Monday 23 November 2026, 09:05 in the venue's zone: five minutes after the default slot. */
const NOW = DateTime.fromObject({ year: 2026, month: 11, day: 23, hour: 9, minute: 5 }, { zone: ZONE });
const WEEK = '2026-W48';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The weekly digest end to end: three worker processes' worth of roles (three startWorker on one Redis prefix) each
 * upsert the sweep and sweep once at start; one digest job per workspace and week is queued, each manager gets it
 * once through the delivery ledger, as a files.uploadV2 upload to the fake Slack whose PNG arrives byte for byte. A
 * workspace with the digest off gets none. Every "nothing more" is asserted after a barrier (the job has finished),
 * never after a sleep.
 */
describe('the weekly digest, delivered by three workers', () => {
  const fake = new FakeSlack();
  const prefix = uniquePrefix('digest');
  let redis: Redis;
  const workers: WorkerRole[] = [];

  beforeAll(async () => {
    expect(NOW.weekday).toBe(1);
    await fake.start();
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    // two workspaces the workers know of (they watch a channel); one has switched its digest off
    const channels = new RedisChannelStore(redis, { prefix });
    const insights = new RedisInsightsStore(redis, { prefix });
    for (const tenant of [ON, OFF]) await channels.watch({ tenant, channel: 'C1', by: 'UMGR', at: NOW.toMillis() });
    await insights.set(OFF, { enabled: false, weekday: 1, time: '09:00' });
    // last week's slips, counted as the recorder counts them: 3, 5, 0, 2, 7, 4, 1 from Monday to Sunday
    const lastWeek = daysEnding(NOW.minus({ days: 1 }).toMillis(), ZONE, 7);
    const counts = [3, 5, 0, 2, 7, 4, 1];
    for (const [tenant, scale] of [
      [ON, 1],
      [OFF, 2],
    ] as const)
      await insights.add(
        tenant,
        lastWeek.flatMap((day, i) => [
          { day, field: 'n', by: counts[i]! * scale },
          { day, field: 'c|long_wait', by: counts[i]! * scale },
        ]),
      );
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      REDIS_PREFIX: prefix,
      MANAGER_USER_IDS: MANAGERS.join(','),
      VENUE_TIMEZONE: ZONE,
    });
    const clock = () => NOW.toMillis();
    for (let i = 0; i < 3; i++)
      workers.push(await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 5000, clock }));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await fake.stop();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** The barrier: the workspace's digest job for the week has finished. */
  async function finished(tenant: string): Promise<string> {
    const queue = workers[0]!.jobs.digestQueue;
    const id = digestJobId(tenant, WEEK);
    await until(async () => (await queue.getJobState(id)) === 'completed', `digest job ${id}`);
    return String((await queue.getJob(id))!.returnvalue);
  }

  const uploads = () => fake.callsOf('files.completeUploadExternal');

  it('posts one digest per manager for the week, whatever the number of workers; the PNG arrives intact', async () => {
    expect(await finished(ON)).toBe(`digest ${WEEK}: 2 sent, 0 already sent`);
    // one schedule for the sweep, however many workers upserted it
    expect(await workers[0]!.jobs.digestQueue.getJobSchedulersCount()).toBe(1);
    const done = uploads();
    expect(done.map((c) => c.body.channel_id).sort()).toEqual(MANAGERS.map((m) => `D${m}`).sort());
    const comment = String(done[0]!.body.initial_comment);
    expect(comment).toContain('*Your week in recovery, 2026-11-16 to 2026-11-22*');
    expect(comment).toContain('1. 22 slips (22 more than the week before), most of them Long wait (22).');
    expect(comment).toMatch(/What worked best: .*\nSlowest category: .*\nKudos: /);
    // the bytes Slack received are the PNG the worker drew: the length it announced, a PNG, the chart's size
    const files = [...fake.uploads.values()].filter((u) => u.filename.startsWith(`recovery-digest-${WEEK}-`));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const bytes = file.bytes!;
      expect(bytes.length).toBe(file.length);
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
      expect(file.altText).toContain(
        '2026-11-16 3, 2026-11-17 5, 2026-11-18 0, 2026-11-19 2, 2026-11-20 7, 2026-11-21 4, 2026-11-22 1',
      );
    }
    expect(files[0]!.bytes!.equals(files[1]!.bytes!)).toBe(true);
  });

  it('none for a workspace with the digest off', async () => {
    await finished(ON);
    expect(await workers[0]!.jobs.digestQueue.getJob(digestJobId(OFF, WEEK))).toBeUndefined();
    expect(uploads().filter((c) => String(c.body.initial_comment).includes('44 slips'))).toHaveLength(0);
  });

  it('a week queued again by every worker at once posts nothing more', async () => {
    await finished(ON);
    const before = uploads().length;
    const queue = workers[0]!.jobs.digestQueue;
    await queue.remove(digestJobId(ON, WEEK));
    // the only way the same week runs twice: its job is gone (kept three days) and every worker queues it again
    await Promise.all(workers.map((w) => w.jobs.digests.queueDigest({ tenant: ON, week: WEEK, at: NOW.toMillis() })));
    expect(await finished(ON)).toBe(`digest ${WEEK}: 0 sent, 2 already sent`);
    expect(uploads()).toHaveLength(before);
  });
});
