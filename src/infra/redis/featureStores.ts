import type { Redis } from 'ioredis';
import type { PendingStepOffer } from '../../capture/stepOffers';
import type { FeatureStores, PendingCompAsk } from '../../capture/stores';
import { RedisCaptureSettings } from './captureSettings';
import { RedisApprovalStore, RedisCompLog } from './compLog';
import { RedisDrafts } from './drafts';
import { RedisPrivateCopies } from './privateCopies';

export type { FeatureStores };

/** The feature stores over a Redis client and key prefix, built once by the composition root. */
export function featureStores(
  redis: Redis,
  prefix: string,
  shared: Pick<FeatureStores, 'activity' | 'grants'>,
): FeatureStores {
  return {
    capture: new RedisCaptureSettings(redis, { prefix }),
    stepOffers: new RedisDrafts<PendingStepOffer>(redis, { prefix, scope: 'step-offer', ttlSeconds: 12 * 3600 }),
    comps: new RedisCompLog(redis, { prefix }),
    approvals: new RedisApprovalStore(redis, { prefix }),
    compAsks: new RedisDrafts<PendingCompAsk>(redis, { prefix, scope: 'comp-ask', ttlSeconds: 12 * 3600 }),
    privateCopies: new RedisPrivateCopies(redis, { prefix }),
    // the core's own role grants and activity log, not second copies over the same keys
    ...shared,
  };
}
