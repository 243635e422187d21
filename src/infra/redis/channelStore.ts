import type { Redis } from 'ioredis';
import type { ChannelStore, WatchedChannel } from '../../slips/channels';
import { guarded, Keys } from './connection';

/** Watched channels: one hash per tenant (channel → JSON), plus a global set of tenants with any. */
export class RedisChannelStore implements ChannelStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async watch(channel: WatchedChannel): Promise<void> {
    await guarded('watch channel', async () => {
      await this.redis.hset(this.key(channel.tenant), channel.channel, JSON.stringify(channel));
      await this.redis.sadd(this.keys.global('watching-tenants'), channel.tenant);
    });
  }

  async unwatch(tenant: string, channel: string): Promise<boolean> {
    return guarded('unwatch channel', async () => (await this.redis.hdel(this.key(tenant), channel)) === 1);
  }

  async isWatched(tenant: string, channel: string): Promise<boolean> {
    return guarded('read watched channels', async () => (await this.redis.hexists(this.key(tenant), channel)) === 1);
  }

  async list(tenant: string): Promise<WatchedChannel[]> {
    const all = await guarded('read watched channels', () => this.redis.hvals(this.key(tenant)));
    return all.map((json) => JSON.parse(json) as WatchedChannel).sort((a, b) => a.at - b.at);
  }

  /** Every tenant that watches at least one channel (shift handoffs walk these). */
  async tenants(): Promise<string[]> {
    return guarded('read tenants', () => this.redis.smembers(this.keys.global('watching-tenants')));
  }

  private key(tenant: string): string {
    return this.keys.tenant(tenant, 'watched');
  }
}
