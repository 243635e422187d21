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
 * The insights counters: one hash per tenant and venue day (`<prefix>:{tenant}:ins:<day>`), field → count, and
 * one per month (`…:insm:<YYYY-MM>`) with the same sums; the same again per channel (`…:insc:<channel>:<day>`,
 * `…:inscm:<channel>:<month>`). A change's increments go to the workspace's and its channel's hashes in one MULTI
 * (one round trip); a report reads its months and days with one pipeline of HGETALLs.
 */
export class RedisInsightsStore implements InsightsCounters, DigestSettingsStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async add(tenant: string, increments: DayIncrement[], channel?: string): Promise<void> {
    if (increments.length === 0) return;
    const multi = this.redis.multi();
    const touched = new Set<string>();
    // the workspace's counters, and the same again for the slip's channel, in the same round trip
    for (const scope of channel === undefined ? [undefined] : [undefined, channel])
      for (const { day, field, by } of increments) {
        const key = this.day(tenant, day, scope);
        const month = this.month(tenant, day.slice(0, 7), scope);
        multi.hincrby(key, field, by);
        // the month's sum beside the day: long periods read months, not days
        multi.hincrby(month, field, by);
        if (field === 'n') multi.hincrby(month, `n@${day}`, by);
        touched.add(key);
        touched.add(month);
      }
    for (const key of touched) multi.expire(key, KEEP_SECONDS);
    await guarded('count insights', () => multi.exec());
  }

  read(tenant: string, days: string[], channel?: string): Promise<DayCounters[]> {
    return this.hashes(days.map((day) => this.day(tenant, day, channel)));
  }

  readMonths(tenant: string, months: string[], channel?: string): Promise<DayCounters[]> {
    return this.hashes(months.map((month) => this.month(tenant, month, channel)));
  }

  private async hashes(keys: string[]): Promise<DayCounters[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
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

  private month(tenant: string, month: string, channel?: string): string {
    return channel === undefined
      ? this.keys.tenant(tenant, 'insm', month)
      : this.keys.tenant(tenant, 'inscm', encodeURIComponent(channel), month);
  }

  private day(tenant: string, day: string, channel?: string): string {
    return channel === undefined
      ? this.keys.tenant(tenant, 'ins', day)
      : this.keys.tenant(tenant, 'insc', encodeURIComponent(channel), day);
  }
}
