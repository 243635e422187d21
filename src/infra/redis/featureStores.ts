import type { Redis } from 'ioredis';
import type { PendingStepOffer } from '../../capture/stepOffers';
import type { FeatureStores, PendingCompAsk } from '../../capture/stores';
import { RedisActivityLog } from './activity';
import { RedisCaptureSettings } from './captureSettings';
import { RedisApprovalStore, RedisCompLog } from './compLog';
import { RedisDrafts } from './drafts';
import { RedisRoleStore } from './roleStore';

export type { FeatureStores };

const built = new WeakMap<Redis, Map<string, FeatureStores>>();

/**
 * The feature stores for the core's Redis and key prefix, built once per client and prefix (Slack and Teams share
 * them). Undefined without a Redis (a platform started on in-memory ports).
 */
export function featureStores(core: { redis?: Redis; config?: { redisPrefix: string } }): FeatureStores | undefined {
  const redis = core.redis;
  if (!redis) return undefined;
  const prefix = core.config?.redisPrefix ?? 'rc';
  const byPrefix = built.get(redis) ?? new Map<string, FeatureStores>();
  built.set(redis, byPrefix);
  let stores = byPrefix.get(prefix);
  if (!stores) {
    stores = {
      capture: new RedisCaptureSettings(redis, { prefix }),
      stepOffers: new RedisDrafts<PendingStepOffer>(redis, { prefix, scope: 'step-offer', ttlSeconds: 12 * 3600 }),
      comps: new RedisCompLog(redis, { prefix }),
      approvals: new RedisApprovalStore(redis, { prefix }),
      compAsks: new RedisDrafts<PendingCompAsk>(redis, { prefix, scope: 'comp-ask', ttlSeconds: 12 * 3600 }),
      grants: new RedisRoleStore(redis, { prefix }),
      activity: new RedisActivityLog(redis, { prefix }),
    };
    byPrefix.set(prefix, stores);
  }
  return stores;
}
