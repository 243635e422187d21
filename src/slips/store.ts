import type { NewSlip, Slip } from './slip';

export interface SlipQuery {
  /** @defaultValue 'any' */
  status?: 'open' | 'any';
  owner?: string;
  channel?: string;
  /** Created at or after (epoch ms). */
  since?: number;
  /** Created before (epoch ms). */
  until?: number;
  /** Newest first when limited. @defaultValue 1000 */
  limit?: number;
}

/**
 * Where slips live. Every method is scoped to one tenant (workspace); implementations keep tenants apart.
 * `create` is idempotent per source message so a retried event never makes a second slip.
 */
export interface SlipStore {
  create(slip: NewSlip): Promise<{ slip: Slip; created: boolean }>;
  get(tenant: string, id: string): Promise<Slip | undefined>;
  /** Applies `change` atomically; re-reads and retries when another writer got there first. */
  update(tenant: string, id: string, change: (slip: Slip) => Slip): Promise<Slip>;
  findByMessage(tenant: string, channel: string, messageRef: string): Promise<Slip | undefined>;
  /** Oldest first (newest first when limited). */
  list(tenant: string, query?: SlipQuery): Promise<Slip[]>;
  /** Slips for one guest reference key created at or after `since`. */
  forGuest(tenant: string, guestKey: string, since: number): Promise<Slip[]>;
  delete(tenant: string, id: string): Promise<boolean>;
  /** Deletes slips created before `cutoff`; returns how many. */
  deleteOlderThan(tenant: string, cutoff: number): Promise<number>;
  tenants(): Promise<string[]>;
}
