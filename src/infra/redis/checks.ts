import type { Redis } from 'ioredis';
import type { Logger } from '../../log';

/**
 * Warns when Redis is set up in a way that can lose jobs: an eviction policy other than noeviction (BullMQ's keys
 * could be evicted) or, where durability is expected, no AOF. Managed Redis may forbid CONFIG: that is not an error.
 */
export async function checkRedisConfig(redis: Redis, log: Logger, options: { expectAof: boolean }): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy && policy !== 'noeviction')
      warnings.push(
        `Redis maxmemory-policy is "${policy}": set it to "noeviction" or follow-ups can be evicted and lost.`,
      );
    if (options.expectAof) {
      const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
      if (aof !== 'yes')
        warnings.push('Redis has no append-only file (appendonly no): a restart loses scheduled follow-ups.');
    }
  } catch {
    log.info('could not read the Redis configuration (CONFIG is disabled on some managed services); not checked');
  }
  for (const warning of warnings) log.warn({ code: 'CONFIG_INVALID' }, warning);
  return warnings;
}
