import type { Redis } from 'ioredis';
import type { ConversationRef } from '../../platforms/teams/activity';
import type { TeamsPerson, TeamsReferenceStore } from '../../platforms/teams/references';
import { guarded, Keys } from './connection';

/**
 * Teams conversation references and people, one hash each per tenant. Every inbound activity refreshes them, so
 * writes are skipped when this process already wrote the same value (most activities change nothing).
 */
export class RedisTeamsReferenceStore implements TeamsReferenceStore {
  private readonly keys: Keys;
  private readonly written = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async saveConversation(tenant: string, key: string, ref: ConversationRef): Promise<void> {
    await this.write(this.key(tenant, 'conversations'), key, ref);
    await this.write(this.key(tenant, 'conversations'), 'latest', ref);
  }

  async conversation(tenant: string, key: string): Promise<ConversationRef | undefined> {
    return this.read<ConversationRef>(this.key(tenant, 'conversations'), key);
  }

  latest(tenant: string): Promise<ConversationRef | undefined> {
    return this.conversation(tenant, 'latest');
  }

  savePerson(tenant: string, person: string, info: TeamsPerson): Promise<void> {
    return this.write(this.key(tenant, 'people'), person, info);
  }

  person(tenant: string, person: string): Promise<TeamsPerson | undefined> {
    return this.read<TeamsPerson>(this.key(tenant, 'people'), person);
  }

  async people(tenant: string, persons: string[]): Promise<Map<string, TeamsPerson>> {
    const unique = [...new Set(persons)];
    if (unique.length === 0) return new Map();
    const values = await guarded('read Teams people', () => this.redis.hmget(this.key(tenant, 'people'), ...unique));
    const found = new Map<string, TeamsPerson>();
    values.forEach((json, i) => {
      if (json) found.set(unique[i]!, JSON.parse(json) as TeamsPerson);
    });
    return found;
  }

  async everyone(tenant: string, limit: number): Promise<Array<TeamsPerson & { person: string }>> {
    // HSCAN, not HGETALL: a large tenant's people are read in pages, and only as many as the picker shows
    const found: Array<TeamsPerson & { person: string }> = [];
    let cursor = '0';
    do {
      const [next, flat] = await guarded('read Teams people', () =>
        this.redis.hscan(this.key(tenant, 'people'), cursor, 'COUNT', 200),
      );
      cursor = next;
      for (let i = 0; i + 1 < flat.length && found.length < limit; i += 2)
        found.push({ person: flat[i]!, ...(JSON.parse(flat[i + 1]!) as TeamsPerson) });
    } while (cursor !== '0' && found.length < limit);
    return found;
  }

  saveTeam(tenant: string, teamId: string, ref: ConversationRef): Promise<void> {
    return this.write(this.key(tenant, 'teams'), teamId, ref);
  }

  async teams(tenant: string): Promise<Array<{ teamId: string; ref: ConversationRef }>> {
    const all = await guarded('read Teams teams', () => this.redis.hgetall(this.key(tenant, 'teams')));
    return Object.entries(all).map(([teamId, json]) => ({ teamId, ref: JSON.parse(json) as ConversationRef }));
  }

  private async write(key: string, field: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const cacheKey = `${key}|${field}`;
    if (this.written.get(cacheKey) === json) return;
    await guarded('save Teams reference', () => this.redis.hset(key, field, json));
    if (this.written.size > 10_000) this.written.clear();
    this.written.set(cacheKey, json);
  }

  private async read<T>(key: string, field: string): Promise<T | undefined> {
    const json = await guarded('read Teams reference', () => this.redis.hget(key, field));
    return json ? (JSON.parse(json) as T) : undefined;
  }

  private key(tenant: string, what: string): string {
    return this.keys.tenant(tenant, 'teams', what);
  }
}
