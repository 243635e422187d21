import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { ClockTarget } from '../../clock/clock';
import type { ClockDelivery } from '../../clock/delivery';
import { type ClockJob, type ClockQueue, clockJobId } from '../../clock/ports';
import type { ApprovalEscalation, ApprovalJob } from '../../comps/escalation';
import { guarded } from '../redis/connection';
import { APPROVAL_JOB } from './approvalQueue';
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

/**
 * Runs clock jobs: a nudge in the thread for a missed step, the manager on duty told at the manager target; and the
 * escalation of comp approvals nobody answered in time (named APPROVAL_JOB on the same queue).
 */
export function createClockWorker(deps: WorkerDeps, delivery: ClockDelivery, approvals?: ApprovalEscalation): Worker {
  return new Worker<ClockJob | ApprovalJob>(
    QUEUES.clock,
    async (job, token) => {
      if (job.name === APPROVAL_JOB) {
        const data = job.data as ApprovalJob;
        if (!approvals) throw new UnrecoverableError('this worker has no comp approvals to escalate');
        // nothing on the slip to record when the requester's word cannot be delivered: the escalation is made
        return runJob(
          job,
          token,
          data.tenant,
          deps,
          () => approvals.process(data),
          async () => undefined,
        );
      }
      return runClock(job as Job<ClockJob>, token, deps, delivery);
    },
    workerOptions(deps),
  );
}

function runClock(job: Job<ClockJob>, token: string | undefined, deps: WorkerDeps, delivery: ClockDelivery) {
  return runJob(
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
  );
}
