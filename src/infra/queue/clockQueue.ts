import { type Queue, Worker } from 'bullmq';
import type { ClockTarget } from '../../clock/clock';
import type { ClockDelivery } from '../../clock/delivery';
import { type ClockJob, type ClockQueue, clockJobId } from '../../clock/ports';
import { guarded } from '../redis/connection';
import { QUEUES } from './queues';
import { runJob, type WorkerDeps, workerOptions } from './workers';

/**
 * Recovery-clock jobs in BullMQ: one delayed job per slip and target, its id derived from both, so adding it twice
 * (a retried report, two web roles) is one job. Removed when the target is met; a job already running re-reads the
 * slip and does nothing when it finds the target met.
 */
export class BullClockQueue implements ClockQueue {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number = Date.now,
  ) {}

  async add(job: ClockJob, at: number): Promise<void> {
    const delay = Math.max(0, at - this.clock());
    await guarded('start the recovery clock', () =>
      this.queue.add('clock', job, { jobId: clockJobId(job.tenant, job.slipId, job.target), delay }),
    );
  }

  async remove(tenant: string, slipId: string, target: ClockTarget): Promise<void> {
    const id = clockJobId(tenant, slipId, target);
    // one script: removes a waiting or delayed job; leaves a running (locked) one, which sees the met target and stops
    await guarded('settle the recovery clock', () => this.queue.remove(id));
  }
}

/** Runs clock jobs: a nudge in the thread for a missed step, the manager on duty told at the manager target. */
export function createClockWorker(deps: WorkerDeps, delivery: ClockDelivery): Worker {
  return new Worker<ClockJob>(
    QUEUES.clock,
    async (job, token) =>
      runJob(
        job,
        token,
        job.data.tenant,
        deps,
        () => delivery.process(job.data),
        async (error) => {
          await deps.service.act(job.data.tenant, job.data.slipId, 'recovery-coach', {
            kind: 'delivery_failed',
            note: `clock nudge not delivered: ${error.message}`,
          });
        },
      ),
    workerOptions(deps),
  );
}
