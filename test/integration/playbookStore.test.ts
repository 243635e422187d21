import { RedisPlaybookStore } from '../../src/infra/redis/playbookStore';
import { defaultPlaybook } from '../../src/playbook/load';
import { connectTestRedis, type TestRedis } from '../helpers/redis';

describe('RedisPlaybookStore', () => {
  let test: TestRedis;
  let store: RedisPlaybookStore;
  beforeEach(async () => {
    test = await connectTestRedis('pb');
    store = new RedisPlaybookStore(test.redis, { prefix: test.prefix, seed: () => defaultPlaybook('hotel') });
  });
  afterEach(() => test.cleanup());

  it('seeds the default on first use, once, even when asked concurrently', async () => {
    const reads = await Promise.all([store.current('T1'), store.current('T1'), store.current('T1')]);
    expect(reads.map((r) => r.version)).toEqual([1, 1, 1]);
    expect(reads[0]!.playbook.venue.type).toBe('hotel');
    expect(await store.history('T1')).toHaveLength(1);
  });

  it('versions every save and refuses a save on top of a stale version', async () => {
    const { playbook } = await store.current('T1');
    const edited = structuredClone(playbook);
    edited.venue.name = 'The Grand';
    const meta = await store.save('T1', edited, { expectedVersion: 1, author: 'U1', summary: 'Renamed venue' });
    expect(meta).toMatchObject({ version: 2, author: 'U1', summary: 'Renamed venue' });
    await expect(store.save('T1', playbook, { expectedVersion: 1, author: 'U2', summary: 'x' })).rejects.toMatchObject({
      code: 'PLAYBOOK_CONFLICT',
    });
    expect((await store.current('T1')).playbook.venue.name).toBe('The Grand');
    expect((await store.history('T1')).map((m) => m.version)).toEqual([2, 1]);
    expect((await store.get('T1', 1))!.playbook.venue.name).toBe('Our venue');
  });

  it('sees a save made by another process (another store instance)', async () => {
    const other = new RedisPlaybookStore(test.redis, { prefix: test.prefix, seed: () => defaultPlaybook() });
    const { playbook } = await store.current('T1');
    await other.current('T1');
    const edited = structuredClone(playbook);
    edited.escalateAt = 'critical';
    await store.save('T1', edited, { expectedVersion: 1, author: 'U1', summary: 'x' });
    expect((await other.current('T1')).playbook.escalateAt).toBe('critical');
  });

  it('keeps tenants apart', async () => {
    const { playbook } = await store.current('T1');
    const edited = structuredClone(playbook);
    edited.venue.name = 'Only T1';
    await store.save('T1', edited, { expectedVersion: 1, author: 'U1', summary: 'x' });
    expect((await store.current('T2')).playbook.venue.name).toBe('Our venue');
  });
});
