import type { EmbeddedRedis } from '../../src/infra/redis/embedded';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __testRedis?: EmbeddedRedis }).__testRedis?.stop();
}
