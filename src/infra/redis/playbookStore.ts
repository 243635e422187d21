import type { Redis } from 'ioredis';
import { AppError } from '../../errors';
import { parsePlaybookData } from '../../playbook/load';
import type { Playbook } from '../../playbook/schema';
import type { PlaybookStore, PlaybookVersionMeta, SaveRequest } from '../../playbook/store';
import { guarded, Keys } from './connection';

/**
 * KEYS[1] current-version key, KEYS[2] the new version's key, KEYS[3] meta hash.
 * ARGV[1] expected version ("0" = seed only if empty), ARGV[2] new version, ARGV[3] playbook json, ARGV[4] meta json.
 * Returns 1 when saved, 0 on a version conflict.
 */
const SAVE = `
local current = redis.call('GET', KEYS[1]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
redis.call('SET', KEYS[1], ARGV[2])
return 1
`;

export interface RedisPlaybookStoreOptions {
  prefix?: string;
  /** The playbook a tenant starts with on first use. */
  seed: (tenant: string) => Playbook;
}

/**
 * Versioned playbooks in Redis. Reads cost one GET of the version number; the parsed playbook is cached in memory
 * per tenant and version, so a save elsewhere is live for the next message.
 */
export class RedisPlaybookStore implements PlaybookStore {
  private readonly keys: Keys;
  private readonly cache = new Map<string, { version: number; playbook: Playbook }>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisPlaybookStoreOptions,
  ) {
    this.keys = new Keys(options.prefix);
  }

  async current(tenant: string): Promise<{ playbook: Playbook; version: number }> {
    const raw = await guarded('read playbook version', () => this.redis.get(this.currentKey(tenant)));
    if (raw === null) return this.seed(tenant);
    const version = Number(raw);
    const cached = this.cache.get(tenant);
    if (cached?.version === version) return cached;
    const loaded = await this.get(tenant, version);
    if (!loaded) throw new AppError('INTERNAL', `Playbook version ${version} of ${tenant} is missing`);
    const entry = { version, playbook: loaded.playbook };
    this.cache.set(tenant, entry);
    return entry;
  }

  async save(tenant: string, playbook: Playbook, request: SaveRequest): Promise<PlaybookVersionMeta> {
    const version = request.expectedVersion + 1;
    const meta: PlaybookVersionMeta = { version, author: request.author, at: Date.now(), summary: request.summary };
    const saved = await guarded('save playbook', () =>
      this.redis.eval(
        SAVE,
        3,
        this.currentKey(tenant),
        this.versionKey(tenant, version),
        this.metaKey(tenant),
        String(request.expectedVersion),
        String(version),
        JSON.stringify(playbook),
        JSON.stringify(meta),
      ),
    );
    if (saved !== 1) {
      throw new AppError(
        'PLAYBOOK_CONFLICT',
        `Someone else saved the playbook while you were editing (you started from version ${request.expectedVersion}). ` +
          'Nothing was saved: reopen the editor to see their changes, then make yours again.',
      );
    }
    this.cache.set(tenant, { version, playbook });
    return meta;
  }

  async history(tenant: string, limit = 20): Promise<PlaybookVersionMeta[]> {
    const raw = await guarded('read playbook version', () => this.redis.get(this.currentKey(tenant)));
    const latest = Number(raw ?? 0);
    const versions = Array.from({ length: Math.min(limit, latest) }, (_, i) => String(latest - i));
    if (versions.length === 0) return [];
    const metas = await guarded('read playbook history', () => this.redis.hmget(this.metaKey(tenant), ...versions));
    return metas.filter((m): m is string => m !== null).map((m) => JSON.parse(m) as PlaybookVersionMeta);
  }

  async get(tenant: string, version: number): Promise<{ playbook: Playbook; meta: PlaybookVersionMeta } | undefined> {
    const [json, meta] = await guarded('read playbook', () =>
      Promise.all([
        this.redis.get(this.versionKey(tenant, version)),
        this.redis.hget(this.metaKey(tenant), String(version)),
      ]),
    );
    if (!json || !meta) return undefined;
    const parsed = parsePlaybookData(JSON.parse(json));
    if (!parsed.ok)
      throw new AppError('PLAYBOOK_INVALID', `Stored playbook version ${version} of ${tenant} is invalid`);
    return { playbook: parsed.playbook, meta: JSON.parse(meta) as PlaybookVersionMeta };
  }

  private async seed(tenant: string): Promise<{ playbook: Playbook; version: number }> {
    const playbook = this.options.seed(tenant);
    try {
      await this.save(tenant, playbook, { expectedVersion: 0, author: 'recovery-coach', summary: 'Default playbook' });
    } catch (error) {
      // another process seeded it first: read theirs
      if (!(error instanceof AppError && error.code === 'PLAYBOOK_CONFLICT')) throw error;
    }
    return this.current(tenant);
  }

  private currentKey(tenant: string): string {
    return this.keys.tenant(tenant, 'playbook', 'current');
  }

  private versionKey(tenant: string, version: number): string {
    return this.keys.tenant(tenant, 'playbook', 'v', String(version));
  }

  private metaKey(tenant: string): string {
    return this.keys.tenant(tenant, 'playbook', 'meta');
  }
}
