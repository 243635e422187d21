import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRedis } from '../../src/infra/redis/embedded';

/**
 * One redis-server for the whole run, on a free loopback port in a temp dir (or REDIS_URL when set). Tests that
 * stop and restart Redis start their own with `startRedis()`.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) {
    process.env.TEST_REDIS_URL = process.env.REDIS_URL;
    return;
  }
  const redis = new EmbeddedRedis({ dir: mkdtempSync(join(tmpdir(), 'rc-test-redis-')), appendOnly: false });
  await redis.start();
  (globalThis as { __testRedis?: EmbeddedRedis }).__testRedis = redis;
  process.env.TEST_REDIS_URL = redis.url;
}
