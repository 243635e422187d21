import { safe } from '../followups/reminder';
import type { Slip } from '../slips/slip';
import type { ClockTarget } from './clock';

/** What a clock job carries; the slip in Redis stays the source of truth (a step done since makes the job a no-op). */
export interface ClockJob {
  tenant: string;
  slipId: string;
  target: ClockTarget;
  /** When the target falls due (epoch ms). */
  dueAt: number;
}

/** Delayed clock jobs, one per slip and target (BullMQ in production, with ids derived from both). */
export interface ClockQueue {
  /** Adds the job at `at`; adding it again is the same job. */
  add(job: ClockJob, at: number): Promise<void>;
  remove(tenant: string, slipId: string, target: ClockTarget): Promise<void>;
}

/** The slip use cases' view of the clock: start it for a new slip, and settle it when a step is done. */
export interface ClockScheduler {
  /** Schedules a job for each target the new slip has still to meet. */
  start(slip: Slip): Promise<void>;
  /** Removes the jobs of targets the slip has met (a step done, closed, dismissed, a manager told). */
  settle(slip: Slip): Promise<void>;
}

/** Clock job ids are derived from the slip and target; BullMQ ids may not contain ":" or be all digits. */
export function clockJobId(tenant: string, slipId: string, target: ClockTarget): string {
  return `clk-${safe(tenant)}-${safe(slipId)}-${target}`;
}
