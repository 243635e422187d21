import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { RedisChannelStore } from '../../src/infra/redis/channelStore';
import { RedisInsightsStore } from '../../src/infra/redis/insightsStore';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');

/**
 * `recovery-coach insights --channel C`: one watched channel's figures from the counters, in each format. Another
 * workspace's counters for a channel with the same id never show.
 */
describe('recovery-coach insights --channel (against Redis)', () => {
  const prefix = uniquePrefix('cli-ins');
  const env = cleanEnv({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, VENUE_TIMEZONE: 'UTC' });
  const run = (args: string[]) => runCommand(process.execPath, [BIN, 'insights', ...args], { env });
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    const counters = new RedisInsightsStore(redis, { prefix });
    const channels = new RedisChannelStore(redis, { prefix });
    // two days ago (UTC, the venue's zone here): inside --since 7d whatever the hour
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const slips = (n: number, category: string) => [
      { day, field: 'n', by: n },
      { day, field: `c|${category}`, by: n },
      { day, field: 's|medium', by: n },
    ];
    await channels.watch({ tenant: 'slack-T0INS', channel: 'C0FLOOR', name: 'shift-floor', by: 'UMGR', at: 1 });
    await counters.add('slack-T0INS', [...slips(3, 'wrong_order'), { day, field: 'o|recovered', by: 2 }], 'C0FLOOR');
    await counters.add('slack-T0INS', slips(4, 'long_wait'), 'C0BAR');
    // another workspace, the same channel id
    await channels.watch({ tenant: 'slack-T0OTH', channel: 'C0FLOOR', by: 'UMGR', at: 1 });
    await counters.add('slack-T0OTH', slips(9, 'billing'), 'C0FLOOR');
  });
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  it("exports one channel's figures as CSV, JSON and a table", async () => {
    const csv = await run(['--workspace', 'T0INS', '--channel', 'C0FLOOR', '--since', '7d', '--format', 'csv']);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows.slice(0, 2)).toEqual(['figure,key,value', 'period,channel,C0FLOOR']);
    expect(rows).toContain('slips,total,3');
    expect(rows).toContain('slips by category,wrong_order,3');
    expect(rows).toContain('recovery,recovered,2');
    expect(csv.stdout).not.toMatch(/long_wait|billing/);

    const json = await run(['--workspace', 'slack-T0INS', '--channel', 'C0FLOOR', '--format', 'json']);
    const figures = JSON.parse(json.stdout) as { channel: { id: string }; days: number; slips: { total: number } };
    expect([figures.channel, figures.days, figures.slips.total]).toEqual([{ id: 'C0FLOOR' }, 30, 3]);

    const table = await run(['--workspace', 'T0INS', '--channel', 'C0FLOOR']);
    expect(table.stdout).toMatch(/^period\s+channel\s+C0FLOOR\n/);
    // the workspace as a whole: both channels
    const all = await run(['--workspace', 'T0INS', '--format', 'csv']);
    expect(all.stdout.split('\n')).toContain('slips,total,7');
    expect(all.stdout).not.toContain('period,channel');
  }, 30_000);

  it('refuses a channel the workspace does not watch, and says why', async () => {
    // counted, but no longer (or never) watched here
    const bar = await run(['--workspace', 'T0INS', '--channel', 'C0BAR']);
    expect(bar.code).toBe(2);
    expect(bar.stderr).toContain('C0BAR is not a channel watched in slack-T0INS');
    expect(bar.stdout).toBe('');
    const other = await run(['--workspace', 'T0OTH', '--channel', 'C0FLOOR', '--format', 'csv']);
    expect(other.stdout.split('\n')).toContain('slips,total,9');
    expect(other.stdout).not.toContain('wrong_order');
  }, 30_000);
});
