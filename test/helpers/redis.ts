import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { EmbeddedRedis } from '../../src/infra/redis/embedded';

/** The run's shared Redis (see globalSetup). */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run tests through jest (globalSetup starts Redis)');
  return url;
}

/** A unique key prefix per test file, so files running in parallel never see each other's data. */
export function uniquePrefix(name = 't'): string {
  return `${name}${randomBytes(4).toString('hex')}`;
}

export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes every key under the prefix and closes the client. */
  cleanup(): Promise<void>;
}

export async function connectTestRedis(name?: string): Promise<TestRedis> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const prefix = uniquePrefix(name);
  return {
    redis,
    prefix,
    cleanup: async () => {
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A private redis-server this test can stop and restart (fault and restart tests). */
export async function startPrivateRedis(options: { appendOnly?: boolean } = {}): Promise<EmbeddedRedis> {
  const server = new EmbeddedRedis({
    dir: mkdtempSync(join(tmpdir(), 'rc-private-redis-')),
    appendOnly: options.appendOnly ?? true,
  });
  await server.start();
  return server;
}

/** Every key under a prefix with its value, as text: what a test greps for data that must never be stored. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push(String(await redis.get(key)));
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    }
  } while (cursor !== '0');
  return out.join('\n');
}
