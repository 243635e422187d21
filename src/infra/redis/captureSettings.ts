import type { Redis } from 'ioredis';
import { type CaptureSettings, DEFAULT_CAPTURE_EMOJI } from '../../capture/settings';
import { guarded, Keys } from './connection';

/** Capture settings: one hash per tenant. */
export class RedisCaptureSettings implements CaptureSettings {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async emoji(tenant: string): Promise<string> {
    const set = await guarded('read capture settings', () => this.redis.hget(this.key(tenant), 'emoji'));
    return set ?? DEFAULT_CAPTURE_EMOJI;
  }

  async setEmoji(tenant: string, emoji: string): Promise<void> {
    await guarded('save capture settings', () => this.redis.hset(this.key(tenant), 'emoji', emoji));
  }

  private key(tenant: string): string {
    return this.keys.tenant(tenant, 'capture');
  }
}
