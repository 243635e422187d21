import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { parse, stringify } from 'yaml';
import { RedisPlaybookStore } from '../../src/infra/redis/playbookStore';
import { defaultPlaybook } from '../../src/playbook/load';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');

describe('recovery-coach playbook export / import (against Redis)', () => {
  const prefix = uniquePrefix('cli');
  const env = cleanEnv({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix });
  const run = (args: string[]) => runCommand(process.execPath, [BIN, ...args], { env });
  const dir = mkdtempSync(join(tmpdir(), 'rc-cli-store-'));
  let redis: Redis;
  let store: RedisPlaybookStore;

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
    store = new RedisPlaybookStore(redis, { prefix, seed: () => defaultPlaybook() });
  });
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  it('exports the workspace playbook as YAML, and imports an edit as the next version', async () => {
    const exported = await run(['playbook', 'export', '--workspace', 'T0EXPORT']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^# recovery-coach playbook for slack-T0EXPORT, version 1\n/);
    const data = parse(exported.stdout) as { venue: { name: string } };
    data.venue.name = 'Harbour Kitchen';
    const file = join(dir, 'edited.yaml');
    writeFileSync(file, stringify(data));

    const imported = await run(['playbook', 'import', '--workspace', 'T0EXPORT', '--author', 'ops', file]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Saved as version 2 of slack-T0EXPORT');
    const now = await store.current('slack-T0EXPORT');
    expect(now).toMatchObject({ version: 2, playbook: { venue: { name: 'Harbour Kitchen' } } });
    expect((await store.history('slack-T0EXPORT', 1))[0]).toMatchObject({ author: 'ops' });
    expect((await store.history('slack-T0EXPORT', 1))[0]!.summary).toContain('venue name:');
    // other workspaces are untouched
    expect((await store.current('slack-T0OTHER')).playbook.venue.name).not.toBe('Harbour Kitchen');
  });

  it('refuses an invalid file with line numbers and saves nothing', async () => {
    const before = await store.current('slack-T0BROKEN');
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'venue:\n  name: Bistro\n  type: spaceship\ncategories: []\n');
    const result = await run(['playbook', 'import', '--workspace', 'T0BROKEN', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was imported');
    expect(result.stderr).toMatch(/line 3: venue\.type/);
    expect((await store.current('slack-T0BROKEN')).version).toBe(before.version);
  });

  it('asks for the workspace, and says clearly when Redis is unreachable', async () => {
    const missing = await run(['playbook', 'export']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--workspace');
    const down = await runCommand(process.execPath, [BIN, 'playbook', 'export', '--workspace', 'T1'], {
      env: cleanEnv({ REDIS_URL: 'redis://127.0.0.1:1' }),
    });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/redis/i);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  }, 20_000);
});
