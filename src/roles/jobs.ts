import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueuedClocks } from '../clock/scheduler';
import type { Config } from '../config';
import { QueuedFollowUps } from '../followups/scheduler';
import { BullApprovalTimers } from '../infra/queue/approvalQueue';
import { BullClockQueue } from '../infra/queue/clockQueue';
import { BullDigestQueue } from '../infra/queue/digestQueue';
import { BullFollowUpQueue } from '../infra/queue/followUpQueue';
import { BullHandoffQueue } from '../infra/queue/handoffQueue';
import { BullRetrainRequests } from '../infra/queue/learningQueue';
import { createQueue, QUEUES } from '../infra/queue/queues';
import { QueuedManagerAlerts } from '../infra/queue/workers';

/** The producer side of the job queues, shared by every role: follow-ups and manager escalations become jobs. */
export interface Jobs {
  followUpQueue: Queue;
  deliveryQueue: Queue;
  handoffQueue: Queue;
  learningQueue: Queue;
  /** The recovery clock's delayed jobs (one per slip and target). */
  clockQueue: Queue;
  /** The weekly digest: its sweep and one job per workspace and week. */
  digestQueue: Queue;
  digests: BullDigestQueue;
  handoffs: BullHandoffQueue;
  followUps: QueuedFollowUps;
  alerts: QueuedManagerAlerts;
  /** The recovery clock: started for new slips, settled when a step is done. */
  clocks: QueuedClocks;
  /** Unanswered comp approvals' escalations (delayed jobs on the clock queue). */
  approvalTimers: BullApprovalTimers;
  /** Venue layers to retrain after corrections (debounced, see BullRetrainRequests). */
  retrains: BullRetrainRequests;
  close(): Promise<void>;
}

export function createJobs(config: Config, connection: Redis, clock: () => number = Date.now): Jobs {
  const followUpQueue = createQueue(QUEUES.followUps, connection, config.redisPrefix);
  const deliveryQueue = createQueue(QUEUES.deliveries, connection, config.redisPrefix);
  const handoffQueue = createQueue(QUEUES.handoffs, connection, config.redisPrefix);
  const learningQueue = createQueue(QUEUES.learning, connection, config.redisPrefix);
  const clockQueue = createQueue(QUEUES.clock, connection, config.redisPrefix);
  const digestQueue = createQueue(QUEUES.digests, connection, config.redisPrefix);
  const queues = [followUpQueue, deliveryQueue, handoffQueue, learningQueue, clockQueue, digestQueue];
  // queue errors surface where a job is added; the event only needs a listener so it is not thrown
  for (const queue of queues) queue.on('error', () => undefined);
  return {
    followUpQueue,
    deliveryQueue,
    handoffQueue,
    learningQueue,
    clockQueue,
    digestQueue,
    digests: new BullDigestQueue(digestQueue),
    handoffs: new BullHandoffQueue(handoffQueue, clock),
    followUps: new QueuedFollowUps(new BullFollowUpQueue(followUpQueue, clock)),
    alerts: new QueuedManagerAlerts(deliveryQueue),
    clocks: new QueuedClocks(new BullClockQueue(clockQueue, clock)),
    approvalTimers: new BullApprovalTimers(clockQueue, clock),
    retrains: new BullRetrainRequests(learningQueue, config.learningDelayMs),
    close: async () => {
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}

/** Job counts by queue and state, for the queue-depth metric. */
export async function queueDepths(jobs: Jobs): Promise<Array<{ queue: string; state: string; count: number }>> {
  const states = ['waiting', 'delayed', 'active', 'failed'] as const;
  const rows: Array<{ queue: string; state: string; count: number }> = [];
  for (const queue of [
    jobs.followUpQueue,
    jobs.deliveryQueue,
    jobs.handoffQueue,
    jobs.learningQueue,
    jobs.clockQueue,
    jobs.digestQueue,
  ]) {
    const counts = await queue.getJobCounts(...states);
    for (const state of states) rows.push({ queue: queue.name, state, count: counts[state] ?? 0 });
  }
  return rows;
}
