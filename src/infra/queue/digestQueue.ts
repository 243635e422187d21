import { type Queue, Worker } from 'bullmq';
import { safe } from '../../followups/reminder';
import type { DigestDelivery, DigestJob, DigestQueue } from '../../insights/digestDelivery';
import { guarded } from '../redis/connection';
import { QUEUES } from './queues';
import { runJob, type WorkerDeps, workerOptions } from './workers';

/** How often every worker's job scheduler looks for digests whose slot has come. */
export const DIGEST_SWEEP_EVERY_MS = 60_000;
/**
 * A finished digest job is kept this long, so its id (workspace and week) keeps a later sweep inside the day's grace
 * from queueing the same week again; the delivery ledger is the backstop after that.
 */
const KEEP_DONE_SECONDS = 3 * 24 * 3600;

/** The id of a workspace's digest job for a week. */
export function digestJobId(tenant: string, week: string): string {
  return `dg-${safe(tenant)}-${week}`;
}

/** One job per workspace and ISO week (deterministic id), so however many workers sweep, it is queued once. */
export class BullDigestQueue implements DigestQueue {
  constructor(private readonly queue: Queue) {}

  async queueDigest(job: DigestJob): Promise<void> {
    await guarded('queue digest', () =>
      this.queue.add('digest', job, {
        jobId: digestJobId(job.tenant, job.week),
        removeOnComplete: { age: KEEP_DONE_SECONDS },
      }),
    );
  }

  /** The sweep, as a BullMQ job scheduler: upserted at start by every worker (the same id, so one schedule). */
  async upsertSweep(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'digest-sweep',
      { every: DIGEST_SWEEP_EVERY_MS },
      { name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }
}

/** Runs the digest sweep and delivers each workspace's digest to its managers. */
export function createDigestWorker(deps: WorkerDeps, digests: DigestDelivery): Worker {
  return new Worker<DigestJob | Record<string, never>>(
    QUEUES.digests,
    async (job, token) => {
      if (job.name === 'sweep') return `queued ${await digests.sweep()} digests`;
      const data = job.data as DigestJob;
      return runJob(
        job,
        token,
        data.tenant,
        deps,
        async () => ({ kind: 'done', note: await digests.deliver(data) }),
        async () => undefined,
      );
    },
    workerOptions(deps),
  );
}
