import type { Redis } from 'ioredis';
import type { DayCounters } from '../../insights/counters';
import {
  type DayIncrement,
  DEFAULT_DIGEST,
  type DigestSettings,
  type DigestSettingsStore,
  type InsightsCounters,
} from '../../insights/ports';
import { guarded, Keys } from './connection';

/** Counters are kept this long (a year of history, and a little more for last year's comparisons). */
const KEEP_SECONDS = 400 * 24 * 3600;

/**
 * The insights counters: one hash per tenant and venue day (`<prefix>:{tenant}:ins:<day>`), field → count. A
 * change's increments go in one MULTI (one round trip); a report reads its days with one pipeline of HGETALLs.
 */
export class RedisInsightsStore implements InsightsCounters, DigestSettingsStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async add(tenant: string, increments: DayIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    const multi = this.redis.multi();
    const touched = new Set<string>();
    for (const { day, field, by } of increments) {
      const key = this.day(tenant, day);
      multi.hincrby(key, field, by);
      touched.add(key);
    }
    for (const key of touched) multi.expire(key, KEEP_SECONDS);
    await guarded('count insights', () => multi.exec());
  }

  async read(tenant: string, days: string[]): Promise<DayCounters[]> {
    if (days.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const day of days) pipeline.hgetall(this.day(tenant, day));
    const results = (await guarded('read insights', () => pipeline.exec())) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      const counters: DayCounters = {};
      for (const [field, count] of Object.entries((value ?? {}) as Record<string, string>))
        counters[field] = Number(count);
      return counters;
    });
  }

  async get(tenant: string): Promise<DigestSettings> {
    const saved = await guarded('read digest settings', () => this.redis.hgetall(this.keys.tenant(tenant, 'digest')));
    return {
      enabled: saved.enabled === undefined ? DEFAULT_DIGEST.enabled : saved.enabled === '1',
      weekday: saved.weekday ? Number(saved.weekday) : DEFAULT_DIGEST.weekday,
      time: saved.time ?? DEFAULT_DIGEST.time,
    };
  }

  async set(tenant: string, settings: DigestSettings): Promise<void> {
    await guarded('save digest settings', () =>
      this.redis.hset(this.keys.tenant(tenant, 'digest'), {
        enabled: settings.enabled ? '1' : '0',
        weekday: String(settings.weekday),
        time: settings.time,
      }),
    );
  }

  private day(tenant: string, day: string): string {
    return this.keys.tenant(tenant, 'ins', day);
  }
}
