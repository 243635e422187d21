import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { guarded, Keys } from './connection';

/**
 * Short-lived drafts (e.g. the text of a `/recover …` shown in an ephemeral preview until the person presses
 * "Post to channel" or "Log it"). A button value holds only the id; the text stays in the venue's Redis.
 */
export class RedisDrafts<T> {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix?: string; scope: string; ttlSeconds: number },
  ) {
    this.keys = new Keys(options.prefix);
  }

  async put(tenant: string, value: T): Promise<string> {
    const id = randomUUID();
    await guarded('save draft', () =>
      this.redis.set(this.key(tenant, id), JSON.stringify(value), 'EX', this.options.ttlSeconds),
    );
    return id;
  }

  /** Reads and deletes the draft (a second press finds nothing). */
  async take(tenant: string, id: string): Promise<T | undefined> {
    const json = await guarded('read draft', () => this.redis.getdel(this.key(tenant, id)));
    return json ? (JSON.parse(json) as T) : undefined;
  }

  /**
   * Reads the draft without using it up, and holds it for `seconds`: until it is released (or the hold runs out),
   * another hold finds nothing, so two presses at once do the work once. Undefined when it is gone or held.
   */
  async hold(tenant: string, id: string, seconds: number): Promise<T | undefined> {
    const key = this.key(tenant, id);
    const held = await guarded('hold draft', () => this.redis.set(`${key}:held`, '1', 'EX', seconds, 'NX'));
    if (held !== 'OK') return undefined;
    const json = await guarded('read draft', () => this.redis.get(key)).catch(async (error) => {
      await this.release(tenant, id).catch(() => undefined);
      throw error;
    });
    if (json) return JSON.parse(json) as T;
    await this.release(tenant, id);
    return undefined;
  }

  /** Lets a held draft be held again (the work failed, and the draft stays for another press). */
  async release(tenant: string, id: string): Promise<void> {
    await guarded('release draft', () => this.redis.del(`${this.key(tenant, id)}:held`));
  }

  private key(tenant: string, id: string): string {
    return this.keys.tenant(tenant, 'draft', this.options.scope, id);
  }
}
