import { RedisSlipStore } from '../../src/infra/redis/slipStore';
import { applyAction } from '../../src/slips/lifecycle';
import type { SlipStore } from '../../src/slips/store';
import { aSlip } from '../helpers/fixtures';
import { MemorySlipStore } from '../helpers/memorySlipStore';
import { connectTestRedis, type TestRedis } from '../helpers/redis';

function draft(overrides: Parameters<typeof aSlip>[0] = {}) {
  const { id: _id, version: _v, ...rest } = aSlip(overrides);
  return rest;
}

/** One contract, every SlipStore: the in-memory fake must behave like Redis for the core tests to mean anything. */
describe.each([
  ['memory', async () => ({ store: new MemorySlipStore() as SlipStore, close: async () => {} })],
  [
    'redis',
    async () => {
      const test: TestRedis = await connectTestRedis('slips');
      return { store: new RedisSlipStore(test.redis, { prefix: test.prefix }) as SlipStore, close: test.cleanup };
    },
  ],
])('SlipStore contract: %s', (_name, make) => {
  let store: SlipStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ store, close } = await make());
  });
  afterEach(() => close());

  it('creates with a per-tenant sequence and reads back', async () => {
    const a = await store.create(draft({ messageRef: 'a' }));
    const b = await store.create(draft({ messageRef: 'b' }));
    const other = await store.create(draft({ tenant: 'other-tenant', messageRef: 'a' }));
    expect([a.slip.id, b.slip.id, other.slip.id]).toEqual(['1', '2', '1']);
    expect(await store.get('test-tenant', '2')).toMatchObject({ messageRef: 'b', version: 1 });
    expect(await store.get('test-tenant', '3')).toBeUndefined();
  });

  it('makes one slip per source message, even when asked twice at once', async () => {
    const results = await Promise.all([store.create(draft()), store.create(draft()), store.create(draft())]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.slip.id)).size).toBe(1);
    expect(await store.findByMessage('test-tenant', 'C1', 'm1')).toMatchObject({ id: results[0]!.slip.id });
  });

  it('keeps tenants apart', async () => {
    await store.create(draft());
    expect(await store.list('other-tenant')).toEqual([]);
    expect(await store.findByMessage('other-tenant', 'C1', 'm1')).toBeUndefined();
    expect(await store.get('other-tenant', '1')).toBeUndefined();
  });

  it('updates atomically: concurrent changes are all applied, versions bump', async () => {
    const { slip } = await store.create(draft());
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((who, i) =>
        store.update(slip.tenant, slip.id, (s) => applyAction(s, { kind: 'delivery_failed', note: who }, who, i)),
      ),
    );
    const after = await store.get(slip.tenant, slip.id);
    expect(after!.timeline.filter((e) => e.kind === 'delivery_failed')).toHaveLength(5);
    expect(after!.version).toBe(6);
  });

  it('lists by status, owner, channel and time; open index follows close and reopen', async () => {
    const one = (await store.create(draft({ messageRef: '1', createdAt: 1000 }))).slip;
    await store.create(draft({ messageRef: '2', createdAt: 2000, channel: 'C2', owner: 'ben' }));
    await store.create(draft({ messageRef: '3', createdAt: 3000 }));
    await store.update(one.tenant, one.id, (s) => applyAction(s, { kind: 'close' }, 'x', 5000));
    expect((await store.list('test-tenant', { status: 'open' })).map((s) => s.messageRef)).toEqual(['2', '3']);
    expect((await store.list('test-tenant', { owner: 'ben' })).map((s) => s.messageRef)).toEqual(['2']);
    expect((await store.list('test-tenant', { owner: 'alex' })).map((s) => s.messageRef)).toEqual(['3']);
    expect((await store.list('test-tenant', { channel: 'C1' })).map((s) => s.messageRef)).toEqual(['1', '3']);
    expect((await store.list('test-tenant', { since: 2000, until: 3000 })).map((s) => s.messageRef)).toEqual(['2']);
    expect((await store.list('test-tenant', { limit: 2 })).map((s) => s.messageRef)).toEqual(['2', '3']);
    await store.update(one.tenant, one.id, (s) => applyAction(s, { kind: 'reopen' }, 'x', 6000));
    expect((await store.list('test-tenant', { status: 'open' })).map((s) => s.messageRef)).toEqual(['1', '2', '3']);
  });

  it('moves the owner index on reassign', async () => {
    const { slip } = await store.create(draft());
    await store.update(slip.tenant, slip.id, (s) => applyAction(s, { kind: 'reassign', owner: 'ben' }, 'x', 1));
    expect(await store.list('test-tenant', { owner: 'alex' })).toEqual([]);
    expect((await store.list('test-tenant', { owner: 'ben' })).map((s) => s.id)).toEqual([slip.id]);
  });

  it('finds earlier slips for a guest', async () => {
    await store.create(draft({ messageRef: 'old', createdAt: 100 }));
    await store.create(draft({ messageRef: 'new', createdAt: 5000 }));
    await store.create(
      draft({ messageRef: 'x', createdAt: 6000, guestRef: { text: 'T4', key: 'table:4', kind: 'table' } }),
    );
    expect((await store.forGuest('test-tenant', 'table:12', 1000)).map((s) => s.messageRef)).toEqual(['new']);
  });

  it('deletes one slip and everything older than a cutoff, with its indexes', async () => {
    const { slip } = await store.create(draft({ messageRef: '1', createdAt: 100 }));
    await store.create(draft({ messageRef: '2', createdAt: 200 }));
    await store.create(draft({ messageRef: '3', createdAt: 9000 }));
    expect(await store.delete(slip.tenant, slip.id)).toBe(true);
    expect(await store.delete(slip.tenant, slip.id)).toBe(false);
    expect(await store.findByMessage(slip.tenant, 'C1', '1')).toBeUndefined();
    expect(await store.deleteOlderThan('test-tenant', 1000)).toBe(1);
    expect((await store.list('test-tenant')).map((s) => s.messageRef)).toEqual(['3']);
    expect((await store.list('test-tenant', { status: 'open' })).map((s) => s.messageRef)).toEqual(['3']);
    expect(await store.tenants()).toContain('test-tenant');
  });

  it('says clearly when updating a missing slip', async () => {
    await expect(store.update('test-tenant', '42', (s) => s)).rejects.toThrow('There is no slip #42.');
  });
});
