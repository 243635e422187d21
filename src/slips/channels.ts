import type { ChannelWatch } from './ports';

/** A watched shift channel and who started watching it. */
export interface WatchedChannel {
  tenant: string;
  channel: string;
  /** Display name when known ("#shift-floor"). */
  name?: string;
  by: string;
  at: number;
}

/** The channels a tenant's bot listens to for slips (and posts handoffs in). */
export interface ChannelStore extends ChannelWatch {
  watch(channel: WatchedChannel): Promise<void>;
  /** Returns false when it was not watched. */
  unwatch(tenant: string, channel: string): Promise<boolean>;
  list(tenant: string): Promise<WatchedChannel[]>;
  /** Every tenant that watches at least one channel (shift handoffs and digests walk these). */
  tenants(): Promise<string[]>;
}
