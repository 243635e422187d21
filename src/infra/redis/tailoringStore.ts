import type { Redis } from 'ioredis';
import type { ModelOutput, ModelUsage } from '../../coach/modelAdvice';
import type { TailoringStore } from '../../slips/tailoring';
import { guarded, Keys } from './connection';

/** Model answers are reused for a week: the key already changes with the playbook version. */
const CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Usage is kept for 13 months, for a year-on-year look. */
const USAGE_TTL_SECONDS = 400 * 24 * 60 * 60;

/** The model switch, answer cache and token usage, per tenant in the venue's own Redis. */
export class RedisTailoringStore implements TailoringStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    prefix?: string,
  ) {
    this.keys = new Keys(prefix);
  }

  async enabled(tenant: string): Promise<boolean | undefined> {
    const value = await guarded('read model switch', () =>
      this.redis.hget(this.keys.tenant(tenant, 'settings'), 'model'),
    );
    return value === null ? undefined : value === 'on';
  }

  async setEnabled(tenant: string, on: boolean): Promise<void> {
    await guarded('save model switch', () =>
      this.redis.hset(this.keys.tenant(tenant, 'settings'), 'model', on ? 'on' : 'off'),
    );
  }

  async cached(tenant: string, key: string): Promise<ModelOutput | undefined> {
    const raw = await guarded('read model cache', () => this.redis.get(this.keys.tenant(tenant, 'model-cache', key)));
    return raw ? (JSON.parse(raw) as ModelOutput) : undefined;
  }

  async cache(tenant: string, key: string, output: ModelOutput): Promise<void> {
    await guarded('save model cache', () =>
      this.redis.set(this.keys.tenant(tenant, 'model-cache', key), JSON.stringify(output), 'EX', CACHE_TTL_SECONDS),
    );
  }

  async recordUsage(tenant: string, usage: ModelUsage & { calls: number }, at: number): Promise<void> {
    const key = this.keys.tenant(tenant, 'model-usage', new Date(at).toISOString().slice(0, 7));
    await guarded('record model usage', () =>
      this.redis
        .multi()
        .hincrby(key, 'calls', usage.calls)
        .hincrby(key, 'promptTokens', usage.promptTokens)
        .hincrby(key, 'completionTokens', usage.completionTokens)
        .expire(key, USAGE_TTL_SECONDS)
        .exec(),
    );
  }

  async usage(tenant: string, month: string): Promise<ModelUsage & { calls: number }> {
    const found = await guarded('read model usage', () =>
      this.redis.hgetall(this.keys.tenant(tenant, 'model-usage', month)),
    );
    return {
      calls: Number(found.calls ?? 0),
      promptTokens: Number(found.promptTokens ?? 0),
      completionTokens: Number(found.completionTokens ?? 0),
    };
  }
}
