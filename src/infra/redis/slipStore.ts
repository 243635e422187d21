import type { Redis } from 'ioredis';
import { AppError } from '../../errors';
import { isOpen, type NewSlip, type Slip } from '../../slips/slip';
import type { SlipQuery, SlipStore } from '../../slips/store';
import { guarded, Keys } from './connection';
import { CREATE_SLIP, DELETE_SLIP, UPDATE_SLIP } from './slipScripts';

type Op = ['zadd' | 'zrem' | 'set' | 'del', string, number | string, string];

const MAX_CAS_RETRIES = 8;

/**
 * Slips in Redis: one hash per slip (version + JSON) and sorted-set indexes by time, open status, channel, guest
 * and owner, all under the tenant's hash tag. Writes are single Lua scripts (atomic); updates are
 * compare-and-set on the version, retried on conflict.
 */
export class RedisSlipStore implements SlipStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async create(draft: NewSlip): Promise<{ slip: Slip; created: boolean }> {
    return guarded('create slip', async () => {
      const t = draft.tenant;
      const id = String(await this.redis.incr(this.keys.tenant(t, 'seq')));
      const slip: Slip = { ...draft, id, version: 1 };
      const ops = this.indexOps(undefined, slip);
      // outside the script: the tenant list is global, not in the tenant's hash slot
      await this.redis.sadd(this.keys.global('tenants'), t);
      const { keys, argv } = pack([this.slipKey(t, id), this.messageKey(t, slip.channel, slip.messageRef)], ops);
      const result = String(
        await this.redis.eval(CREATE_SLIP, keys.length, ...keys, id, JSON.stringify(slip), ...argv),
      );
      if (result === id) return { slip, created: true };
      const existing = await this.get(t, result);
      if (!existing) throw new AppError('INTERNAL', `Slip index points at missing slip #${result}`);
      return { slip: existing, created: false };
    });
  }

  async get(tenant: string, id: string): Promise<Slip | undefined> {
    return guarded('read slip', async () => {
      const [version, json] = await this.redis.hmget(this.slipKey(tenant, id), 'v', 'json');
      return json ? { ...(JSON.parse(json) as Slip), version: Number(version) } : undefined;
    });
  }

  async update(tenant: string, id: string, change: (slip: Slip) => Slip): Promise<Slip> {
    for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
      const current = await this.get(tenant, id);
      if (!current) throw new AppError('NOT_FOUND', `There is no slip #${id}.`);
      const next = { ...change(current), version: current.version + 1 };
      const { keys, argv } = pack([this.slipKey(tenant, id)], this.indexOps(current, next));
      const result = await guarded('update slip', () =>
        this.redis.eval(UPDATE_SLIP, keys.length, ...keys, String(current.version), JSON.stringify(next), ...argv),
      );
      if (result === 1) return next;
      if (result === -1) throw new AppError('NOT_FOUND', `There is no slip #${id}.`);
    }
    throw new AppError('INTERNAL', `Slip #${id} is changing too fast to update; try again.`);
  }

  async findByMessage(tenant: string, channel: string, messageRef: string): Promise<Slip | undefined> {
    const id = await guarded('find slip', () => this.redis.get(this.messageKey(tenant, channel, messageRef)));
    return id ? this.get(tenant, id) : undefined;
  }

  async list(tenant: string, query: SlipQuery = {}): Promise<Slip[]> {
    const index = query.owner
      ? this.keys.tenant(tenant, 'owner', query.owner)
      : query.channel
        ? this.keys.tenant(tenant, 'ch', query.channel)
        : query.status === 'open'
          ? this.keys.tenant(tenant, 'open')
          : this.keys.tenant(tenant, 'slips');
    const min = query.since ?? '-inf';
    const max = query.until === undefined ? '+inf' : `(${query.until}`;
    const limit = query.limit ?? 1000;
    const ids = await guarded('list slips', () => this.redis.zrevrangebyscore(index, max, min, 'LIMIT', 0, limit));
    const slips = await this.getMany(tenant, ids.reverse());
    return slips.filter(
      (s) =>
        (query.status !== 'open' || isOpen(s)) &&
        (!query.channel || s.channel === query.channel) &&
        (!query.owner || s.owner === query.owner),
    );
  }

  async forGuest(tenant: string, guestKey: string, since: number): Promise<Slip[]> {
    const ids = await guarded('list guest slips', () =>
      this.redis.zrangebyscore(this.keys.tenant(tenant, 'guest', guestKey), since, '+inf'),
    );
    return this.getMany(tenant, ids);
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const slip = await this.get(tenant, id);
    if (!slip) return false;
    const ops = this.removalOps(slip);
    const { keys, argv } = pack([this.slipKey(tenant, id)], ops);
    const result = await guarded('delete slip', () => this.redis.eval(DELETE_SLIP, keys.length, ...keys, ...argv));
    return result === 1;
  }

  async deleteOlderThan(tenant: string, cutoff: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await guarded('list old slips', () =>
        this.redis.zrangebyscore(this.keys.tenant(tenant, 'slips'), '-inf', `(${cutoff}`, 'LIMIT', 0, 200),
      );
      if (ids.length === 0) return deleted;
      for (const id of ids) {
        if (await this.delete(tenant, id)) deleted++;
        else await this.redis.zrem(this.keys.tenant(tenant, 'slips'), id);
      }
    }
  }

  async tenants(): Promise<string[]> {
    return guarded('list tenants', () => this.redis.smembers(this.keys.global('tenants')));
  }

  private async getMany(tenant: string, ids: string[]): Promise<Slip[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.slipKey(tenant, id), 'v', 'json');
    const replies = await guarded('read slips', () => pipeline.exec());
    const slips: Slip[] = [];
    for (const [error, reply] of replies ?? []) {
      if (error) throw new AppError('STORE_UNAVAILABLE', `Redis read failed: ${error.message}`, { cause: error });
      const [version, json] = reply as [string | null, string | null];
      if (json) slips.push({ ...(JSON.parse(json) as Slip), version: Number(version) });
    }
    return slips;
  }

  /** Index changes that move a slip from `before` to `after` (before undefined: a new slip). */
  private indexOps(before: Slip | undefined, after: Slip): Op[] {
    const t = after.tenant;
    const ops: Op[] = [];
    const score = after.createdAt;
    if (!before) {
      ops.push(['zadd', this.keys.tenant(t, 'slips'), score, after.id]);
      ops.push(['zadd', this.keys.tenant(t, 'ch', after.channel), score, after.id]);
      if (after.guestRef) ops.push(['zadd', this.keys.tenant(t, 'guest', after.guestRef.key), score, after.id]);
    } else if (before.guestRef?.key !== after.guestRef?.key) {
      // the guest was named later (the model read it) or removed (a forget request)
      if (before.guestRef) ops.push(['zrem', this.keys.tenant(t, 'guest', before.guestRef.key), 0, after.id]);
      if (after.guestRef) ops.push(['zadd', this.keys.tenant(t, 'guest', after.guestRef.key), score, after.id]);
    }
    const wasOpen = before ? isOpen(before) : false;
    const nowOpen = isOpen(after);
    if (nowOpen && !wasOpen) ops.push(['zadd', this.keys.tenant(t, 'open'), score, after.id]);
    if (!nowOpen && wasOpen) ops.push(['zrem', this.keys.tenant(t, 'open'), 0, after.id]);
    if (wasOpen && (!nowOpen || before!.owner !== after.owner))
      ops.push(['zrem', this.keys.tenant(t, 'owner', before!.owner), 0, after.id]);
    if (nowOpen && (!wasOpen || before!.owner !== after.owner))
      ops.push(['zadd', this.keys.tenant(t, 'owner', after.owner), score, after.id]);
    return ops;
  }

  private removalOps(slip: Slip): Op[] {
    const t = slip.tenant;
    const ops: Op[] = [
      ['zrem', this.keys.tenant(t, 'slips'), 0, slip.id],
      ['zrem', this.keys.tenant(t, 'open'), 0, slip.id],
      ['zrem', this.keys.tenant(t, 'ch', slip.channel), 0, slip.id],
      ['zrem', this.keys.tenant(t, 'owner', slip.owner), 0, slip.id],
      ['del', this.messageKey(t, slip.channel, slip.messageRef), 0, ''],
    ];
    if (slip.guestRef) ops.push(['zrem', this.keys.tenant(t, 'guest', slip.guestRef.key), 0, slip.id]);
    return ops;
  }

  private slipKey(tenant: string, id: string): string {
    return this.keys.tenant(tenant, 'slip', id);
  }

  private messageKey(tenant: string, channel: string, messageRef: string): string {
    return this.keys.tenant(tenant, 'msg', channel, messageRef);
  }
}

/** Lays out fixed keys plus the keys the ops name, and the ops as ARGV quads pointing at those keys. */
function pack(fixed: string[], ops: Op[]): { keys: string[]; argv: string[] } {
  const keys = [...fixed];
  const argv: string[] = [];
  for (const [op, key, score, member] of ops) {
    let index = keys.indexOf(key);
    if (index === -1) index = keys.push(key) - 1;
    argv.push(op, String(index + 1), String(score), member);
  }
  return { keys, argv };
}
