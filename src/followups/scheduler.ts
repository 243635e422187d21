import type { FollowUpScheduler } from '../slips/ports';
import type { Slip } from '../slips/slip';
import type { FollowUpQueue } from './ports';

/** The slip use cases' FollowUpScheduler on top of a job queue: one job per slip and purpose, moved on reschedule. */
export class QueuedFollowUps implements FollowUpScheduler {
  constructor(private readonly queue: FollowUpQueue) {}

  async schedule(slip: Slip): Promise<void> {
    const followUp = slip.followUp;
    if (followUp?.status !== 'scheduled') return;
    await this.queue.upsert(
      { tenant: slip.tenant, slipId: slip.id, purpose: followUp.purpose, dueAt: followUp.dueAt, stage: 'remind' },
      followUp.dueAt,
    );
  }

  async cancel(slip: Slip): Promise<void> {
    if (slip.followUp) await this.queue.remove(slip.tenant, slip.id, slip.followUp.purpose);
  }
}
