import type { CurrentPlaybook, PlaybookSource } from '../slips/ports';
import type { Playbook } from './schema';

/** Who saved a playbook version, when, and what changed (a short human diff). */
export interface PlaybookVersionMeta {
  version: number;
  author: string;
  at: number;
  summary: string;
}

export interface SaveRequest {
  /** The version the editor started from; a save on top of a newer one is refused (optimistic concurrency). */
  expectedVersion: number;
  author: string;
  summary: string;
}

/**
 * Versioned playbooks per tenant. The first read seeds the default playbook as version 1; every save is a new
 * version, and reverting saves an old version again.
 */
export interface PlaybookStore extends PlaybookSource {
  save(tenant: string, playbook: Playbook, request: SaveRequest): Promise<PlaybookVersionMeta>;
  history(tenant: string, limit?: number): Promise<PlaybookVersionMeta[]>;
  get(tenant: string, version: number): Promise<{ playbook: Playbook; meta: PlaybookVersionMeta } | undefined>;
}

let staticSources = 0;

/** A single fixed playbook for every tenant (the CLI's `--playbook file`, tests). */
export class StaticPlaybookSource implements PlaybookSource {
  private readonly cacheKey = `static-${++staticSources}`;

  constructor(private readonly playbook: Playbook) {}

  async current(): Promise<CurrentPlaybook> {
    return { playbook: this.playbook, version: 0, cacheKey: this.cacheKey };
  }
}
