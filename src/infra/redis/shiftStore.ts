import type { Redis } from 'ioredis';
import type { ShiftStore } from '../../handoff/ports';
import type { ShiftSchedule } from '../../handoff/schedule';
import { guarded, Keys } from './connection';

/** Shift schedules: one hash per tenant (channel → JSON) and a global set of tenants that have any. */
export class RedisShiftStore implements ShiftStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async get(tenant: string, channel: string): Promise<ShiftSchedule | undefined> {
    const json = await guarded('read shifts', () => this.redis.hget(this.key(tenant), channel));
    return json ? (JSON.parse(json) as ShiftSchedule) : undefined;
  }

  async set(schedule: ShiftSchedule): Promise<void> {
    await guarded('save shifts', async () => {
      await this.redis.hset(this.key(schedule.tenant), schedule.channel, JSON.stringify(schedule));
      await this.redis.sadd(this.keys.global('shift-tenants'), schedule.tenant);
    });
  }

  async remove(tenant: string, channel: string): Promise<boolean> {
    return guarded('remove shifts', async () => (await this.redis.hdel(this.key(tenant), channel)) === 1);
  }

  async list(tenant: string): Promise<ShiftSchedule[]> {
    const all = await guarded('read shifts', () => this.redis.hvals(this.key(tenant)));
    return all.map((json) => JSON.parse(json) as ShiftSchedule);
  }

  async all(): Promise<ShiftSchedule[]> {
    const tenants = await guarded('read shift tenants', () => this.redis.smembers(this.keys.global('shift-tenants')));
    return (await Promise.all(tenants.map((t) => this.list(t)))).flat();
  }

  private key(tenant: string): string {
    return this.keys.tenant(tenant, 'shifts');
  }
}
