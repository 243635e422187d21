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

  private key(tenant: string, id: string): string {
    return this.keys.tenant(tenant, 'draft', this.options.scope, id);
  }
}
