import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { loadConfig } from '../../../src/config';
import { digestJobId } from '../../../src/infra/queue/digestQueue';
import { RedisChannelStore } from '../../../src/infra/redis/channelStore';
import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import { RedisRoleStore } from '../../../src/infra/redis/roleStore';
import { daysEnding } from '../../../src/insights/service';
import { silentLogger } from '../../../src/log';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import { FakeSlack } from '../../helpers/fakeSlack';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../../helpers/redis';

const ZONE = 'America/Chicago';
const NOBODY_NAMED = 'slack-T1';
const NAMED = 'slack-T2';
/** Monday 23 November 2026, 09:05 in the venue's zone: five minutes after the default slot. */
const NOW = DateTime.fromObject({ year: 2026, month: 11, day: 23, hour: 9, minute: 5 }, { zone: ZONE });
const WEEK = '2026-W48';

/**
 * Who gets the weekly digest in Slack when nobody is named a manager (no MANAGER_USER_IDS, no manager group, no
 * role granted): the workspace's owners and admins, listed with users.list by a worker role running on its own. A
 * workspace with a manager granted sends it to that manager only.
 */
describe('the weekly digest without named managers', () => {
  const fake = new FakeSlack();
  const prefix = uniquePrefix('digadm');
  let redis: Redis;
  let worker: WorkerRole;

  beforeAll(async () => {
    await fake.start();
    fake.admins.add('UADM');
    fake.members.push(
      { id: 'UOWN', is_owner: true },
      { id: 'U1' },
      { id: 'UBOT', is_admin: true, is_bot: true },
      { id: 'UGONE', is_admin: true, deleted: true },
      { id: 'UGUEST', is_admin: true, is_restricted: true },
      { id: 'UPRIMARY', is_primary_owner: true, is_owner: true },
    );
    // two members a page: the owners are on three pages
    fake.usersPageSize = 2;
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    const channels = new RedisChannelStore(redis, { prefix });
    const insights = new RedisInsightsStore(redis, { prefix });
    const lastWeek = daysEnding(NOW.minus({ days: 1 }).toMillis(), ZONE, 7);
    for (const tenant of [NOBODY_NAMED, NAMED]) {
      await channels.watch({ tenant, channel: 'C1', by: 'U1', at: NOW.toMillis() });
      await insights.add(
        tenant,
        lastWeek.map((day) => ({ day, field: 'n', by: 2 })),
      );
    }
    await new RedisRoleStore(redis, { prefix }).set(NAMED, 'UMGR', 'manager');
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      REDIS_PREFIX: prefix,
      VENUE_TIMEZONE: ZONE,
    });
    worker = await startWorker(config, silentLogger(), testRedisUrl(), {
      lockDurationMs: 5000,
      clock: () => NOW.toMillis(),
    });
  });

  afterAll(async () => {
    await worker.stop();
    await fake.stop();
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  /** The barrier: the workspace's digest job for the week has finished; its result. */
  async function finished(tenant: string): Promise<string> {
    const queue = worker.jobs.digestQueue;
    const id = digestJobId(tenant, WEEK);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if ((await queue.getJobState(id)) === 'completed') return String((await queue.getJob(id))!.returnvalue);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for digest job ${id}`);
  }

  const digestsTo = () =>
    fake
      .callsOf('files.completeUploadExternal')
      .map((c) => String(c.body.channel_id))
      .sort();

  it("goes to the workspace's owners and admins (people, not bots, guests or deactivated accounts)", async () => {
    expect(await finished(NOBODY_NAMED)).toBe(`digest ${WEEK}: 3 sent, 0 already sent`);
    expect(await finished(NAMED)).toBe(`digest ${WEEK}: 1 sent, 0 already sent`);
    // every page was read
    expect(fake.callsOf('users.list').map((c) => c.body.cursor ?? '')).toEqual(['', '2', '4', '6']);
    expect(digestsTo()).toEqual(['DUADM', 'DUMGR', 'DUOWN', 'DUPRIMARY']);
  });
});
