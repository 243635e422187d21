import type { Redis } from 'ioredis';
import type { ActivityLog } from '../../followups/ports';
import { guarded, Keys } from './connection';

/** Last activity per person: one hash per tenant, user → epoch ms. */
export class RedisActivityLog implements ActivityLog {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async touch(tenant: string, user: string, at: number): Promise<void> {
    await guarded('record activity', () => this.redis.hset(this.keys.tenant(tenant, 'seen'), user, String(at)));
  }

  async lastSeen(tenant: string, user: string): Promise<number | undefined> {
    const value = await guarded('read activity', () => this.redis.hget(this.keys.tenant(tenant, 'seen'), user));
    return value ? Number(value) : undefined;
  }
}
