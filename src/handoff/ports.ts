import type { ShiftSchedule } from './schedule';

/** Shift schedules per channel. */
export interface ShiftStore {
  get(tenant: string, channel: string): Promise<ShiftSchedule | undefined>;
  set(schedule: ShiftSchedule): Promise<void>;
  /** Returns false when the channel had none. */
  remove(tenant: string, channel: string): Promise<boolean>;
  list(tenant: string): Promise<ShiftSchedule[]>;
  /** Every schedule of every tenant (the sweep that keeps each channel's next handoff queued). */
  all(): Promise<ShiftSchedule[]>;
}

/** Queues the handoff for one channel at one boundary (idempotent per channel and boundary). */
export interface HandoffQueue {
  scheduleHandoff(tenant: string, channel: string, at: number): Promise<void>;
}
