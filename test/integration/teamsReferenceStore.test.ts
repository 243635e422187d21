import { RedisTeamsReferenceStore } from '../../src/infra/redis/teamsReferenceStore';
import { connectTestRedis, type TestRedis } from '../helpers/redis';

describe('RedisTeamsReferenceStore: the people seen, for pickers', () => {
  let test: TestRedis;
  let store: RedisTeamsReferenceStore;
  beforeEach(async () => {
    test = await connectTestRedis('refs');
    store = new RedisTeamsReferenceStore(test.redis, { prefix: test.prefix });
  });
  afterEach(() => test.cleanup());

  it('lists everyone seen in a tenant, up to the limit, and nobody from another tenant', async () => {
    await Promise.all(
      Array.from({ length: 450 }, (_, i) =>
        store.savePerson('teams-a', `aad-${i}`, { teamsId: `29:${i}`, name: `P${i}` }),
      ),
    );
    await store.savePerson('teams-b', 'aad-other', { teamsId: '29:other', name: 'Elsewhere' });

    const all = await store.everyone('teams-a', 1000);
    expect(all).toHaveLength(450);
    expect(new Set(all.map((p) => p.person)).size).toBe(450);
    expect(all.find((p) => p.person === 'aad-12')).toEqual({ person: 'aad-12', teamsId: '29:12', name: 'P12' });
    expect(all.some((p) => p.name === 'Elsewhere')).toBe(false);

    const some = await store.everyone('teams-a', 101);
    expect(some).toHaveLength(101);
    expect(await store.everyone('teams-empty', 10)).toEqual([]);
  });
});
