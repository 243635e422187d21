import type { Redis } from 'ioredis';
import type { VenueLayerFile } from '../../coach/venueLayer';
import type { TaughtExample, VenueLearningStore } from '../../slips/venueLearning';
import { guarded, Keys } from './connection';

/** The newest examples a workspace keeps; older ones drop off (a venue's language drifts, and training stays fast). */
export const MAX_EXAMPLES = 2000;

/**
 * A workspace's labelled examples (a hash by slip id, ordered by time in a sorted set), its change counter and its
 * trained layer, all under the workspace's own keys.
 */
export class RedisVenueLearningStore implements VenueLearningStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string; maxExamples?: number } = {},
  ) {
    this.keys = new Keys(options.prefix);
    this.max = options.maxExamples ?? MAX_EXAMPLES;
  }

  private readonly max: number;

  async record(tenant: string, example: TaughtExample): Promise<number> {
    const k = this.key(tenant);
    const results = await guarded('save a taught example', () =>
      this.redis
        .multi()
        .hset(k.examples, example.slipId, JSON.stringify(example))
        .zadd(k.order, example.at, example.slipId)
        .incr(k.changes)
        .zrange(k.order, 0, String(-(this.max + 1)))
        .exec(),
    );
    const dropped = (results?.[3]?.[1] as string[] | undefined) ?? [];
    if (dropped.length > 0)
      await guarded('drop old taught examples', () =>
        this.redis
          .multi()
          .hdel(k.examples, ...dropped)
          .zrem(k.order, ...dropped)
          .exec(),
      );
    return Number(results?.[2]?.[1] ?? 0);
  }

  async forget(tenant: string, slipId: string): Promise<number> {
    const k = this.key(tenant);
    const results = await guarded('forget a taught example', () =>
      this.redis.multi().hdel(k.examples, slipId).zrem(k.order, slipId).incr(k.changes).exec(),
    );
    return Number(results?.[2]?.[1] ?? 0);
  }

  async examples(tenant: string): Promise<TaughtExample[]> {
    const all = await guarded('read taught examples', () => this.redis.hgetall(this.key(tenant).examples));
    return Object.values(all)
      .map((raw) => JSON.parse(raw) as TaughtExample)
      .sort((a, b) => a.at - b.at || Number(a.slipId) - Number(b.slipId));
  }

  async rewrite(tenant: string, slipId: string, text: string): Promise<boolean> {
    const k = this.key(tenant);
    const raw = await guarded('read a taught example', () => this.redis.hget(k.examples, slipId));
    if (!raw) return false;
    const example = { ...(JSON.parse(raw) as TaughtExample), text };
    await guarded('rewrite a taught example', () =>
      this.redis.multi().hset(k.examples, slipId, JSON.stringify(example)).incr(k.changes).exec(),
    );
    return true;
  }

  async changes(tenant: string): Promise<number> {
    return Number((await guarded('read learning changes', () => this.redis.get(this.key(tenant).changes))) ?? 0);
  }

  async layerVersion(tenant: string): Promise<number | undefined> {
    const raw = await guarded('read layer version', () => this.redis.get(this.key(tenant).layerVersion));
    return raw === null ? undefined : Number(raw);
  }

  async loadLayer(tenant: string): Promise<VenueLayerFile | undefined> {
    const raw = await guarded('read venue layer', () => this.redis.get(this.key(tenant).layer));
    if (!raw) return undefined;
    try {
      const file = JSON.parse(raw) as VenueLayerFile;
      return file.format === 'venue-layer/1' ? file : undefined;
    } catch {
      // a damaged layer is retrained from the examples; reading goes on with the shipped model meanwhile
      return undefined;
    }
  }

  async saveLayer(tenant: string, file: VenueLayerFile | undefined): Promise<void> {
    const k = this.key(tenant);
    await guarded('save venue layer', () =>
      file
        ? this.redis.multi().set(k.layer, JSON.stringify(file)).set(k.layerVersion, String(file.version)).exec()
        : this.redis.multi().del(k.layer, k.layerVersion).exec(),
    );
  }

  private key(tenant: string) {
    return {
      examples: this.keys.tenant(tenant, 'learn', 'examples'),
      order: this.keys.tenant(tenant, 'learn', 'order'),
      changes: this.keys.tenant(tenant, 'learn', 'changes'),
      layer: this.keys.tenant(tenant, 'learn', 'layer'),
      layerVersion: this.keys.tenant(tenant, 'learn', 'layer-version'),
    };
  }
}
