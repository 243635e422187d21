import type { Redis } from 'ioredis';
import type { PrivateCopies, PrivateCopy } from '../../slips/privateCopies';
import { guarded, Keys } from './connection';

/** How long a slip's copies are remembered after the last one was sent: past that, they are left as they are. */
const TTL_SECONDS = 30 * 24 * 3600;

/** A private slip's managers' copies: a hash per slip, a field per manager (the message's channel and ts). */
export class RedisPrivateCopies implements PrivateCopies {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async add(tenant: string, slipId: string, copy: PrivateCopy): Promise<void> {
    const key = this.key(tenant, slipId);
    await guarded('save private copy', () =>
      this.redis
        .multi()
        .hset(key, copy.user, JSON.stringify({ channel: copy.channel, ts: copy.ts }))
        .expire(key, TTL_SECONDS)
        .exec(),
    );
  }

  async list(tenant: string, slipId: string): Promise<PrivateCopy[]> {
    const all = await guarded('read private copies', () => this.redis.hgetall(this.key(tenant, slipId)));
    return Object.entries(all).map(([user, json]) => ({ user, ...(JSON.parse(json) as Omit<PrivateCopy, 'user'>) }));
  }

  private key(tenant: string, slipId: string): string {
    return this.keys.tenant(tenant, 'private-copies', slipId);
  }
}
