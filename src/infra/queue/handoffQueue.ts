import { type Queue, Worker } from 'bullmq';
import { safe } from '../../followups/reminder';
import type { HandoffQueue } from '../../handoff/ports';
import type { HandoffService } from '../../handoff/service';
import { guarded } from '../redis/connection';
import { QUEUES } from './queues';
import { runJob, type WorkerDeps, workerOptions } from './workers';

export interface HandoffJob {
  tenant: string;
  channel: string;
  at: number;
}

/** How often every worker's job scheduler re-queues each channel's next handoff. */
export const SWEEP_EVERY_MS = 60_000;
/** How often old slips are purged (the retention job; its work is idempotent, so any one worker may run it). */
export const RETENTION_EVERY_MS = 6 * 60 * 60_000;

/** One delayed job per channel and boundary (deterministic id), so however many processes queue it, it runs once. */
export class BullHandoffQueue implements HandoffQueue {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number = Date.now,
  ) {}

  async scheduleHandoff(tenant: string, channel: string, at: number): Promise<void> {
    const data: HandoffJob = { tenant, channel, at };
    await guarded('queue handoff', () =>
      this.queue.add('handoff', data, {
        jobId: `ho-${safe(tenant)}-${safe(channel)}-${at}`,
        delay: Math.max(0, at - this.clock()),
      }),
    );
  }

  /** The sweep, as a BullMQ job scheduler: upserted at start by every worker (the same id, so one schedule). */
  async upsertSweep(): Promise<void> {
    await this.queue.upsertJobScheduler('handoff-sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', data: {} });
  }

  /** The data-retention purge, on the same queue's worker: another job scheduler, upserted the same way. */
  async upsertRetention(): Promise<void> {
    await this.queue.upsertJobScheduler('retention', { every: RETENTION_EVERY_MS }, { name: 'retention', data: {} });
  }
}

/** Posts handoffs at their boundaries and runs the sweep. */
export function createHandoffWorker(
  deps: WorkerDeps,
  handoffs: HandoffService,
  maintenance: { retention?: () => Promise<number> } = {},
): Worker {
  return new Worker<HandoffJob | Record<string, never>>(
    QUEUES.handoffs,
    async (job, token) => {
      if (job.name === 'sweep') return `swept ${await handoffs.sweep()} channels`;
      if (job.name === 'retention') return `deleted ${(await maintenance.retention?.()) ?? 0} old slips`;
      const { tenant, channel, at } = job.data as HandoffJob;
      return runJob(
        job,
        token,
        tenant,
        deps,
        async () => ({ kind: 'done', note: await handoffs.deliver(tenant, channel, at) }),
        async () => undefined,
      );
    },
    workerOptions(deps),
  );
}
