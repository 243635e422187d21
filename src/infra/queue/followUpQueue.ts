import type { Queue } from 'bullmq';
import type { FollowUpQueue } from '../../followups/ports';
import { type FollowUpJob, followUpJobId } from '../../followups/reminder';
import { guarded } from '../redis/connection';

/**
 * Follow-up jobs in BullMQ: one delayed job per slip and purpose (deterministic id). Scheduling again moves the
 * waiting job (new data, new delay); a finished one is replaced; a job running right now re-reads the slip and
 * re-delays itself, so nothing is lost or doubled.
 */
export class BullFollowUpQueue implements FollowUpQueue {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number = Date.now,
  ) {}

  async upsert(job: FollowUpJob, at: number): Promise<void> {
    const id = followUpJobId(job.tenant, job.slipId, job.purpose);
    const delay = Math.max(0, at - this.clock());
    await guarded('schedule follow-up', async () => {
      const existing = await this.queue.getJob(id);
      if (existing) {
        const state = await existing.getState();
        if (state === 'delayed') {
          await existing.updateData(job);
          await existing.changeDelay(delay);
          return;
        }
        // active: the running job follows the slip by itself
        if (state === 'active') return;
        await existing.remove().catch(() => undefined);
      }
      await this.queue.add('followup', job, { jobId: id, delay });
    });
  }

  async remove(tenant: string, slipId: string, purpose: string): Promise<void> {
    const id = followUpJobId(tenant, slipId, purpose);
    await guarded('cancel follow-up', async () => {
      const existing = await this.queue.getJob(id);
      if (!existing) return;
      const state = await existing.getState();
      // a running job sees the closed slip and stops on its own
      if (state !== 'active') await existing.remove().catch(() => undefined);
    });
  }
}
