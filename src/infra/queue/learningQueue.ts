import { type Queue, Worker } from 'bullmq';
import { safe } from '../../followups/reminder';
import type { Logger } from '../../log';
import type { RetrainRequests, VenueLearning } from '../../slips/venueLearning';
import { guarded } from '../redis/connection';
import { QUEUES } from './queues';
import { type WorkerDeps, workerOptions } from './workers';

export interface RetrainJob {
  tenant: string;
  /** The workspace's change count when the job was queued: an older job than the latest change does nothing. */
  change: number;
}

/**
 * One delayed job per change (deterministic id): a burst of corrections queues several, and only the job of the
 * last change trains (the others find a later change and step aside), LEARNING_DELAY_MS after it.
 */
export class BullRetrainRequests implements RetrainRequests {
  constructor(
    private readonly queue: Queue,
    private readonly delayMs: number,
  ) {}

  async request(tenant: string, change: number): Promise<void> {
    const data: RetrainJob = { tenant, change };
    await guarded('queue a retrain', () =>
      this.queue.add('retrain', data, { jobId: `learn-${safe(tenant)}-${change}`, delay: this.delayMs, attempts: 3 }),
    );
  }
}

/** Retrains venue layers in the worker role. */
export function createLearningWorker(deps: WorkerDeps, learning: VenueLearning, log: Logger): Worker {
  return new Worker<RetrainJob>(
    QUEUES.learning,
    async (job) => {
      const { tenant, change } = job.data;
      const result = await learning.retrain(tenant, change);
      if (result.kind === 'trained')
        log.info({ tenant, version: result.version, examples: result.used, ms: result.ms }, 'venue layer retrained');
      return result.kind;
    },
    // training is CPU work of a few hundred ms at most: one at a time keeps the worker's reminders on time
    { ...workerOptions(deps), concurrency: 1 },
  );
}
