import type { DayCounters } from './counters';

/** A day's counter change, on the venue's day (YYYY-MM-DD). */
export interface DayIncrement {
  day: string;
  field: string;
  by: number;
}

/**
 * Where the counters live (Redis hashes in production, one per tenant and day). Each is kept twice: for the whole
 * workspace and for the channel the slip was reported in; `channel` undefined reads the workspace's.
 */
export interface InsightsCounters {
  /** Adds every increment, to the workspace's counters and to `channel`'s, in one round trip (a MULTI). */
  add(tenant: string, increments: DayIncrement[], channel?: string): Promise<void>;
  /** Each day's counters, in the order asked; `{}` for a day with none. */
  read(tenant: string, days: string[], channel?: string): Promise<DayCounters[]>;
  /**
   * Each month's counters (YYYY-MM), kept beside the days in the same write, with each day's slip count as
   * `n@<day>`: a year is read as twelve months and a few days, not 365 days.
   */
  readMonths?(tenant: string, months: string[], channel?: string): Promise<DayCounters[]>;
}

/** When a workspace's weekly digest goes out: weekday 1 (Monday) … 7, a time of day, in the venue's zone. */
export interface DigestSettings {
  enabled: boolean;
  weekday: number;
  /** "HH:mm", 24-hour. */
  time: string;
}

export const DEFAULT_DIGEST: DigestSettings = { enabled: true, weekday: 1, time: '09:00' };

/** A workspace's digest settings (the default when none were saved). */
export interface DigestSettingsStore {
  get(tenant: string): Promise<DigestSettings>;
  set(tenant: string, settings: DigestSettings): Promise<void>;
}
