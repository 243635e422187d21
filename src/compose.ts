import type { Redis } from 'ioredis';
import { Coach } from './coach/coach';
import type { Config } from './config';
import { createRedis, waitForReady } from './infra/redis/connection';
import { RedisPlaybookStore } from './infra/redis/playbookStore';
import { RedisSlipStore } from './infra/redis/slipStore';
import type { Logger } from './log';
import { defaultPlaybook, loadPlaybookFile } from './playbook/load';
import type { Playbook } from './playbook/schema';
import { SlipService, type SlipServiceOptions } from './slips/service';

/** The platform-neutral core every role shares: Redis, the stores, the coach and the slip use cases. */
export interface Core {
  config: Config;
  log: Logger;
  redis: Redis;
  slips: RedisSlipStore;
  playbooks: RedisPlaybookStore;
  coach: Coach;
  service: SlipService;
  close(): Promise<void>;
}

export interface CoreExtras {
  redis?: Redis;
  coach?: Coach;
  service?: Partial<Omit<SlipServiceOptions, 'slips' | 'playbooks' | 'coach'>>;
}

export async function createCore(
  config: Config,
  log: Logger,
  redisUrl: string,
  extras: CoreExtras = {},
): Promise<Core> {
  const redis = extras.redis ?? createRedis(redisUrl, 'store');
  redis.on('error', (error) => log.debug({ code: 'STORE_UNAVAILABLE', err: error.message }, 'redis connection error'));
  await waitForReady(redis, 10_000);
  const seed = seedPlaybook(config);
  const slips = new RedisSlipStore(redis, { prefix: config.redisPrefix });
  const playbooks = new RedisPlaybookStore(redis, { prefix: config.redisPrefix, seed });
  const coach = extras.coach ?? new Coach();
  const service = new SlipService({ slips, playbooks, coach, ...extras.service });
  return {
    config,
    log,
    redis,
    slips,
    playbooks,
    coach,
    service,
    close: async () => {
      if (!extras.redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The playbook a new tenant starts with: PLAYBOOK_FILE when set, else the default for the venue type. */
export function seedPlaybook(config: Config): () => Playbook {
  if (config.playbookFile) {
    const fromFile = loadPlaybookFile(config.playbookFile);
    return () => structuredClone(fromFile);
  }
  return () => defaultPlaybook(config.venueType, config.venueTimezone);
}
