import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, resolveRedis } from '../../src/infra/redis/embedded';

describe('resolveRedis', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'rc-resolve-'));

  it('uses REDIS_URL as given', async () => {
    const resolved = await resolveRedis({ url: 'redis://example.invalid:6380', dataDir: dataDir() });
    expect(resolved).toMatchObject({ url: 'redis://example.invalid:6380', source: 'REDIS_URL' });
  });

  it('uses a Redis already listening on the local port', async () => {
    const port = Number(new URL(process.env.TEST_REDIS_URL!).port);
    const resolved = await resolveRedis({ dataDir: dataDir(), localPort: port });
    expect(resolved).toMatchObject({ source: 'local', url: `redis://127.0.0.1:${port}` });
  });

  it('starts its own redis-server with AOF under the data folder when none is running, and stops it', async () => {
    const dir = dataDir();
    const resolved = await resolveRedis({ dataDir: dir, localPort: await freePort() });
    expect(resolved.source).toBe('embedded');
    const client = new Redis(resolved.url);
    try {
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(((await client.config('GET', 'dir')) as string[])[1]).toBe(join(dir, 'redis'));
    } finally {
      client.disconnect();
      await resolved.stop();
    }
    await expect(new Redis(resolved.url, { lazyConnect: true, retryStrategy: () => null }).connect()).rejects.toThrow();
  });

  it('explains how to install Redis when there is no binary', async () => {
    await expect(
      resolveRedis({ dataDir: dataDir(), localPort: await freePort(), findBinary: () => undefined }),
    ).rejects.toThrow(/No redis-server found\. Install Redis \(Debian\/Ubuntu: sudo apt-get install -y redis-server/);
  });
});
