import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCompLog } from '../../src/infra/redis/compLog';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');

describe('recovery-coach comps (against Redis)', () => {
  const prefix = uniquePrefix('cli-comps');
  const env = cleanEnv({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix });
  const run = (args: string[]) => runCommand(process.execPath, [BIN, ...args], { env });
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    const log = new RedisCompLog(redis, { prefix });
    const now = Date.now();
    const base = { slipId: '7', gesture: '=HYPERLINK("x"), meal', cost: 120, currency: 'USD', requestId: 'r1' };
    await log.append('slack-T0COMPS', { ...base, at: now - 40 * 86_400_000, kind: 'requested', by: 'UOLD' });
    await log.append('slack-T0COMPS', { ...base, at: now - 2000, kind: 'requested', by: 'U1' });
    await log.append('slack-T0COMPS', { ...base, at: now - 1000, kind: 'approved', by: 'U1', approver: 'UMGR' });
    await log.append('slack-T0OTHER', { ...base, at: now, kind: 'given', by: 'U9' });
  });
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  it('exports the workspace comp log since a date as CSV, safe for a spreadsheet', async () => {
    const result = await run(['comps', '--workspace', 'T0COMPS', '--since', '30d', '--format', 'csv']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,kind,slip,gesture,cost,currency,by,approver,request,reason');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/,requested,7,"'=HYPERLINK\(""x""\), meal",120,USD,U1,,r1,$/);
    expect(lines[2]).toContain(',approved,7,');
    expect(lines[2]).toContain(',U1,UMGR,r1,');
    expect(result.stdout).not.toContain('UOLD');
    expect(result.stdout).not.toContain('U9');
  });

  it('asks for the workspace', async () => {
    const result = await run(['comps']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: recovery-coach comps');
  });
});
