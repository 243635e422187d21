import type { Redis } from 'ioredis';
import { guarded, Keys } from './connection';

/**
 * "Have we seen this before?" with SET NX EX: the first caller for a key gets true, everyone after gets false
 * until the TTL passes. Used for Slack event ids (retries) and delivery markers (posted once).
 */
export class RedisOnce {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async first(scope: string, id: string, ttlSeconds: number): Promise<boolean> {
    const key = this.keys.global('once', scope, id);
    return guarded('dedupe', async () => (await this.redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK');
  }

  /** Forgets a marker, so a failed attempt can be retried. */
  async forget(scope: string, id: string): Promise<void> {
    await guarded('dedupe', () => this.redis.del(this.keys.global('once', scope, id)));
  }
}
