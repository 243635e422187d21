import type { Worker } from 'bullmq';
import { ClockDelivery } from '../clock/delivery';
import type { Core } from '../compose';
import { ApprovalEscalation } from '../comps/escalation';
import type { Config } from '../config';
import { FollowUpDelivery } from '../followups/delivery';
import type { ShiftCalendar } from '../followups/ports';
import type { HandoffService } from '../handoff/service';
import { svgToPng } from '../infra/chart/png';
import { createHttpServer, listen } from '../infra/http/server';
import type { Metrics } from '../infra/metrics';
import { createClockWorker } from '../infra/queue/clockQueue';
import { createDigestWorker } from '../infra/queue/digestQueue';
import { createHandoffWorker } from '../infra/queue/handoffQueue';
import { createLearningWorker } from '../infra/queue/learningQueue';
import { closeWithin } from '../infra/queue/queues';
import { createDeliveryWorker, createFollowUpWorker, TenantCooldowns } from '../infra/queue/workers';
import { RedisActivityLog } from '../infra/redis/activity';
import { createRedis } from '../infra/redis/connection';
import { DigestDelivery } from '../insights/digestDelivery';
import type { Logger } from '../log';
import { DirectManagerAlerts } from '../slips/alerts';
import { purgeOldSlips } from '../slips/retention';
import type { Messenger } from '../views/outbound';
import { type Jobs, queueDepths } from './jobs';
import { createRuntime, type Runtime } from './runtime';

export interface WorkerRole {
  core: Core;
  runtime: Runtime;
  handoffs: HandoffService;
  jobs: Jobs;
  workers: Worker[];
  stop(): Promise<'graceful' | 'forced'>;
}

export interface WorkerExtras {
  /** Replaces the platform messengers (the shell prints instead), for a worker that builds its own runtime. */
  messenger?: Messenger;
  calendar?: ShiftCalendar;
  /** Lock duration (how soon a crashed worker's jobs are retried elsewhere). @defaultValue 30 s */
  lockDurationMs?: number;
  clock?: () => number;
  /** Share a registry with the web role in the same process (`all`); else the worker has its own. */
  metrics?: Metrics;
  /** Serve /healthz, /readyz and /metrics on WORKER_PORT. @defaultValue true when WORKER_PORT is set */
  http?: boolean;
}

/**
 * The worker role: takes follow-up and escalation jobs from BullMQ and delivers them. Any number of workers on any
 * number of machines share one Redis; BullMQ gives each job to one of them, and the ledger keeps retries from
 * posting twice. stop() lets jobs in flight finish (bounded by SHUTDOWN_TIMEOUT_MS).
 */
export async function startWorker(
  config: Config,
  log: Logger,
  source: string | Runtime,
  extras: WorkerExtras = {},
): Promise<WorkerRole> {
  // a runtime handed in is the process's (shared with a web role or the shell, closed by its owner)
  const owned = typeof source === 'string';
  const runtime = owned
    ? await createRuntime(config, log, source, {
        messenger: extras.messenger,
        lockDurationMs: extras.lockDurationMs,
        clock: extras.clock,
        metrics: extras.metrics,
        // cards are tailored by the web role; a worker on its own never loads the model's SDK
        model: null,
      })
    : source;
  const { core, jobs, handoffs, messenger, ledger, onUnverified, lockDurationMs } = runtime;
  const clock = core.clock;
  const connection = createRedis(runtime.redisUrl, 'worker');
  connection.on('error', (error) => log.debug({ code: 'STORE_UNAVAILABLE', err: error.message }, 'worker redis error'));
  const deps = {
    connection,
    cooldowns: new TenantCooldowns(runtime.redis, config.redisPrefix),
    redisPrefix: config.redisPrefix,
    concurrency: config.workerConcurrency,
    log,
    service: core.service,
    lockDurationMs,
  };
  const delivery = new FollowUpDelivery({
    service: core.service,
    playbooks: core.playbooks,
    messenger,
    ledger,
    policy: config.followUps,
    calendar: extras.calendar ?? handoffs,
    onUnverified,
    activity: new RedisActivityLog(runtime.redis, { prefix: config.redisPrefix }),
    clock,
    onReminded: (lateMs) => core.metrics.reminderLateness.observe(lateMs / 1000),
  });
  const digests = core.insights.digests
    ? new DigestDelivery({
        insights: core.insights,
        digests: core.insights.digests,
        playbooks: core.playbooks,
        tenants: async () => [...new Set([...(await core.slips.tenants()), ...(await core.channels.tenants())])],
        managers: (tenant) => core.permissions.managers(tenant),
        // nobody named a manager: the workspace's owners and admins (Slack lists them)
        admins: (tenant) => runtime.directories.listWorkspaceAdmins(tenant),
        messenger,
        ledger,
        queue: jobs.digests,
        renderPng: svgToPng,
        onUnverified,
        clock,
      })
    : undefined;
  const workers = [
    createFollowUpWorker(deps, delivery),
    createDeliveryWorker(
      deps,
      new DirectManagerAlerts({ permissions: core.permissions, messenger, ledger, onUnverified }),
    ),
    createLearningWorker(deps, core.learning, log),
    createClockWorker(
      deps,
      new ClockDelivery({
        service: core.service,
        playbooks: core.playbooks,
        messenger,
        ledger,
        policy: config.followUps,
        calendar: extras.calendar ?? handoffs,
        activity: new RedisActivityLog(runtime.redis, { prefix: config.redisPrefix }),
        clock,
        onUnverified,
      }),
      new ApprovalEscalation({
        store: core.features.approvals,
        service: core.service,
        alerts: jobs.alerts,
        messenger,
        ledger,
        onUnverified,
      }),
    ),
    createHandoffWorker(deps, handoffs, {
      retention: async () => {
        const deleted = await purgeOldSlips(core.slips, config.retentionDays, clock());
        if (deleted > 0) log.info({ deleted, retentionDays: config.retentionDays }, 'old slips deleted');
        return deleted;
      },
    }),
    ...(digests ? [createDigestWorker(deps, digests)] : []),
  ];
  // every worker upserts the same sweep schedule (safe to repeat) and catches up once at start
  await jobs.handoffs.upsertSweep();
  await jobs.handoffs.upsertRetention();
  await handoffs.sweep().catch((error) => log.warn({ err: (error as Error).message }, 'first handoff sweep failed'));
  if (digests) {
    await jobs.digests.upsertSweep();
    await digests.sweep().catch((error) => log.warn({ err: (error as Error).message }, 'first digest sweep failed'));
  }
  for (const worker of workers) worker.on('error', (error) => log.warn({ err: error.message }, 'worker error'));
  core.metrics.watchQueues(() => queueDepths(jobs));
  const server =
    (extras.http ?? true) && config.workerPort > 0
      ? createHttpServer({
          log,
          ready: { redis: async () => (await runtime.redis.ping()) === 'PONG' },
          metrics: () => core.metrics.render(),
          metricsToken: config.metricsToken,
          count: (route, status) => core.metrics.httpRequests.inc({ route, status: String(status) }),
        })
      : undefined;
  const port = server ? await listen(server, config.workerPort) : undefined;
  log.info({ concurrency: config.workerConcurrency, port }, 'worker role started');
  return {
    core,
    runtime,
    handoffs,
    jobs,
    workers,
    stop: async () => {
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      const results = await Promise.all(workers.map((w) => closeWithin(w, config.shutdownTimeoutMs)));
      await connection.quit().catch(() => connection.disconnect());
      if (owned) await runtime.close();
      return results.includes('forced') ? 'forced' : 'graceful';
    },
  };
}
