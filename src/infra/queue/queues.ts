import { type JobsOptions, Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** Queue names. Every process (web, worker, shell) uses the same ones against one Redis. */
export const QUEUES = {
  followUps: 'rc-followups',
  deliveries: 'rc-deliveries',
  handoffs: 'rc-handoffs',
  maintenance: 'rc-maintenance',
  learning: 'rc-learning',
  clock: 'rc-clock',
  digests: 'rc-digests',
} as const;

/** Retries with backoff for temporary failures; finished jobs are cleaned up, failures kept a week for inspection. */
export const JOB_DEFAULTS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
};

/** BullMQ's own key prefix, under ours (never ioredis keyPrefix, which BullMQ forbids). */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

export function createQueue(name: string, connection: Redis, redisPrefix: string): Queue {
  return new Queue(name, { connection, prefix: bullPrefix(redisPrefix), defaultJobOptions: JOB_DEFAULTS });
}

/**
 * Closes a worker: stop taking jobs and let the ones in flight finish; after `timeoutMs`, force it (the jobs still
 * in flight are then picked up again by another worker when their lock expires).
 */
export async function closeWithin(worker: Worker, timeoutMs: number): Promise<'graceful' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), timeoutMs);
  });
  const result = await Promise.race([worker.close().then(() => 'graceful' as const), timeout]);
  clearTimeout(timer);
  if (result === 'forced') await worker.close(true);
  return result;
}
