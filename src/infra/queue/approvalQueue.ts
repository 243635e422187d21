import type { Queue } from 'bullmq';
import type { ApprovalJob, ApprovalTimers } from '../../comps/escalation';
import { safe } from '../../followups/reminder';
import { guarded } from '../redis/connection';

/** The job name of an approval's escalation on the clock queue (the recovery clock's jobs are named "clock"). */
export const APPROVAL_JOB = 'approval';

/** An approval request's escalation job id, derived from the request (BullMQ ids may not contain ":"). */
export function approvalJobId(tenant: string, requestId: string): string {
  return `appr-${safe(tenant)}-${safe(requestId)}`;
}

/**
 * Unanswered comp approvals escalate through a delayed job on the recovery clock's queue (both are deadlines that
 * tell the manager on duty): one job per request, its id derived from it, so starting it twice is one job; removed
 * when the request is answered.
 */
export class BullApprovalTimers implements ApprovalTimers {
  constructor(
    private readonly queue: Queue,
    private readonly clock: () => number = Date.now,
  ) {}

  async start(job: ApprovalJob): Promise<void> {
    const delay = Math.max(0, job.dueAt - this.clock());
    await guarded('start the approval timer', () =>
      this.queue.add(APPROVAL_JOB, job, { jobId: approvalJobId(job.tenant, job.requestId), delay }),
    );
  }

  async cancel(tenant: string, requestId: string): Promise<void> {
    // removes a waiting or delayed job; a running (locked) one stays, and finds the request answered
    await guarded('cancel the approval timer', () => this.queue.remove(approvalJobId(tenant, requestId)));
  }
}
