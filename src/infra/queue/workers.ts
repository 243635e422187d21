import { DelayedError, type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type AppError, reportError, toAppError } from '../../errors';
import type { DeliveryResult, FollowUpDelivery } from '../../followups/delivery';
import { type FollowUpJob, safe } from '../../followups/reminder';
import type { Logger } from '../../log';
import type { ManagerAlerts } from '../../slips/ports';
import type { SlipService } from '../../slips/service';
import { lastEntry, type Slip } from '../../slips/slip';
import { Keys } from '../redis/connection';
import { bullPrefix, QUEUES } from './queues';

/**
 * Per-workspace pause after a 429: the workspace's jobs wait out Retry-After without calling Slack, while other
 * workspaces' jobs carry on (a worker-wide rate limit would stall everyone).
 */
export class TenantCooldowns {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new Keys(prefix);
  }

  async until(tenant: string): Promise<number> {
    return Number((await this.redis.get(this.keys.global('cooldown', tenant))) ?? 0);
  }

  async set(tenant: string, until: number): Promise<void> {
    const ms = Math.max(1, until - Date.now());
    await this.redis.set(this.keys.global('cooldown', tenant), String(until), 'PX', ms);
  }
}

export interface WorkerDeps {
  /** A connection with maxRetriesPerRequest null, as BullMQ workers need. */
  connection: Redis;
  cooldowns: TenantCooldowns;
  redisPrefix: string;
  concurrency: number;
  log: Logger;
  service: SlipService;
  /** Lock duration: how long before a crashed worker's job is picked up again. @defaultValue 30 s */
  lockDurationMs?: number;
  onReminder?: (latenessMs: number) => void;
}

/** What a job's work says next: done, or run again at `at` with this data (a follow-up's or a clock's job). */
type Work = () => Promise<DeliveryResult | { kind: 'done'; note: string } | { kind: 'later'; at: number; job: object }>;

/**
 * Runs one job's work with the platform error policy: 429 → this workspace pauses for Retry-After and the job waits
 * (not counted as an attempt); permanent errors fail at once (recorded by `onPermanent`); anything else is retried
 * with backoff by BullMQ.
 */
export async function runJob(
  job: Job,
  token: string | undefined,
  tenant: string,
  deps: WorkerDeps,
  work: Work,
  onPermanent: (error: AppError) => Promise<void>,
): Promise<string> {
  const pausedUntil = await deps.cooldowns.until(tenant);
  if (pausedUntil > Date.now()) return later(job, token, pausedUntil + Math.floor(Math.random() * 250));
  try {
    const result = await work();
    if (result.kind === 'later') {
      await job.updateData(result.job);
      return later(job, token, result.at);
    }
    return result.note;
  } catch (error) {
    if (error instanceof DelayedError) throw error;
    const appError = toAppError(error);
    if (appError.code === 'PLATFORM_RATE_LIMITED') {
      const until = Date.now() + (appError.retryAfterMs ?? 1000);
      await deps.cooldowns.set(tenant, until);
      deps.log.warn(
        {
          tenant,
          code: appError.code,
          retryAfterMs: appError.retryAfterMs,
          jobId: job.id,
          reason: appError.message,
          ...appError.details,
        },
        'rate limited; pausing this workspace',
      );
      return later(job, token, until);
    }
    reportError(deps.log, appError, { tenant, where: `job ${job.name} ${job.id}` });
    if (appError.code === 'PLATFORM_PERMANENT') {
      await onPermanent(appError).catch((e) =>
        reportError(deps.log, e, { tenant, where: 'recording a failed delivery' }),
      );
      throw new UnrecoverableError(appError.message);
    }
    throw appError;
  }
}

async function later(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(at, token);
  throw new DelayedError();
}

/** Delivers follow-up reminders, nudges and their escalations. */
export function createFollowUpWorker(deps: WorkerDeps, delivery: FollowUpDelivery): Worker {
  return new Worker<FollowUpJob>(
    QUEUES.followUps,
    async (job, token) => {
      const data = job.data;
      if (data.stage === 'remind') deps.onReminder?.(Math.max(0, Date.now() - data.dueAt));
      return runJob(
        job,
        token,
        data.tenant,
        deps,
        () => delivery.process(data),
        async (error) => {
          await deps.service.act(data.tenant, data.slipId, 'recovery-coach', {
            kind: 'delivery_failed',
            note: `reminder not delivered: ${error.message}`,
          });
          await deps.service
            .act(data.tenant, data.slipId, 'recovery-coach', {
              kind: 'escalate',
              reason: `the follow-up reminder could not be delivered (${error.message})`,
            })
            .catch(() => undefined);
        },
      );
    },
    workerOptions(deps),
  );
}

export interface EscalationJob {
  tenant: string;
  slipId: string;
  reason: string;
}

/** Delivers manager escalations (each manager once per escalation, whatever the retries). */
export function createDeliveryWorker(deps: WorkerDeps, alerts: ManagerAlerts): Worker {
  return new Worker<EscalationJob>(
    QUEUES.deliveries,
    async (job, token) => {
      const { tenant, slipId, reason } = job.data;
      return runJob(
        job,
        token,
        tenant,
        deps,
        async () => {
          await alerts.escalate(await deps.service.get(tenant, slipId), reason);
          return { kind: 'done', note: 'managers alerted' };
        },
        async (error) => {
          await deps.service.act(tenant, slipId, 'recovery-coach', {
            kind: 'delivery_failed',
            note: `escalation not delivered: ${error.message}`,
          });
        },
      );
    },
    workerOptions(deps),
  );
}

export function workerOptions(deps: WorkerDeps) {
  return {
    connection: deps.connection,
    prefix: bullPrefix(deps.redisPrefix),
    concurrency: deps.concurrency,
    lockDuration: deps.lockDurationMs ?? 30_000,
    stalledInterval: Math.min(30_000, deps.lockDurationMs ?? 30_000),
    maxStalledCount: 5,
  };
}

/** The web role's side: escalations become jobs on the deliveries queue, one per escalation event. */
export class QueuedManagerAlerts implements ManagerAlerts {
  constructor(private readonly queue: Queue) {}

  async escalate(slip: Slip, reason: string): Promise<void> {
    const at = lastEntry(slip, 'escalated')?.at ?? slip.updatedAt;
    const data: EscalationJob = { tenant: slip.tenant, slipId: slip.id, reason };
    await this.queue.add('escalate', data, { jobId: `esc-${safe(slip.tenant)}-${safe(slip.id)}-${at}` });
  }
}
