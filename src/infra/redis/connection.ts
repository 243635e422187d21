import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../../errors';

/**
 * `store`: the app's own reads and writes; fails fast (no offline queue, short timeouts) so a Redis outage becomes
 * a clear "try again" reply instead of a hung request. `worker`: BullMQ workers, which must wait out outages
 * (maxRetriesPerRequest null, as BullMQ requires).
 */
export type RedisRole = 'store' | 'worker';

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const common: RedisOptions = {
    lazyConnect: false,
    connectionName: `recovery-coach:${role}`,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
  };
  const byRole: RedisOptions =
    role === 'store'
      ? {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          commandTimeout: 2000,
          connectTimeout: 2000,
          // commands issued in the same tick go out as one pipeline: far fewer writes under concurrent requests
          enableAutoPipelining: true,
        }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true };
  return new Redis(url, { ...common, ...byRole, ...extra });
}

/** Resolves when the client is ready, or rejects with a clear error after `timeoutMs`. */
export function waitForReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new AppError('STORE_UNAVAILABLE', `Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

/** Runs a Redis call, turning connection failures into STORE_UNAVAILABLE so callers can answer "try again". */
export async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('STORE_UNAVAILABLE', `Redis ${what} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Key naming: every tenant's keys share a hash tag, so a tenant's data sits in one cluster slot. */
export class Keys {
  constructor(readonly prefix = 'rc') {}

  tenant(tenant: string, ...parts: string[]): string {
    return `${this.prefix}:{${tenant.replace(/[{}]/g, '_')}}:${parts.join(':')}`;
  }

  global(...parts: string[]): string {
    return `${this.prefix}:${parts.join(':')}`;
  }
}
