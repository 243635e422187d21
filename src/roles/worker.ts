import type { Worker } from 'bullmq';
import { type Core, createCore } from '../compose';
import type { Config } from '../config';
import { FollowUpDelivery } from '../followups/delivery';
import type { ShiftCalendar } from '../followups/ports';
import { HandoffService } from '../handoff/service';
import { createHttpServer, listen } from '../infra/http/server';
import type { Metrics } from '../infra/metrics';
import { createHandoffWorker } from '../infra/queue/handoffQueue';
import { createLearningWorker } from '../infra/queue/learningQueue';
import { closeWithin } from '../infra/queue/queues';
import { createDeliveryWorker, createFollowUpWorker, TenantCooldowns } from '../infra/queue/workers';
import { RedisActivityLog } from '../infra/redis/activity';
import { checkRedisConfig } from '../infra/redis/checks';
import { createRedis } from '../infra/redis/connection';
import { RedisDeliveryLedger } from '../infra/redis/ledger';
import { RedisSlackInstallationStore } from '../infra/redis/slackInstallationStore';
import { RedisTeamsReferenceStore } from '../infra/redis/teamsReferenceStore';
import type { Logger } from '../log';
import { PlatformMessengers } from '../platforms/messengers';
import { slackClientOptions, slackClients } from '../platforms/slack/clients';
import { SlackMessenger } from '../platforms/slack/messenger';
import { createBotbuilderConnector } from '../platforms/teams/connector';
import { TeamsMessenger } from '../platforms/teams/messenger';
import { DirectManagerAlerts } from '../slips/alerts';
import { purgeOldSlips } from '../slips/retention';
import type { Messenger } from '../views/outbound';
import { createJobs, type Jobs, queueDepths } from './jobs';

export interface WorkerRole {
  core: Core;
  handoffs: HandoffService;
  jobs: Jobs;
  workers: Worker[];
  stop(): Promise<'graceful' | 'forced'>;
}

export interface WorkerExtras {
  /** Replaces the platform messengers (the shell prints instead). */
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

/** The platform messengers a worker delivers through, by tenant prefix. */
export function platformMessengers(config: Config, core: Core, log: Logger): PlatformMessengers {
  const slack = config.slack
    ? new SlackMessenger(
        slackClients(
          config.slack,
          slackClientOptions(config.slack, 'worker', log),
          config.slack.oauth ? new RedisSlackInstallationStore(core.redis, { prefix: config.redisPrefix }) : undefined,
        ),
      )
    : undefined;
  // botbuilder is loaded (inside createBotbuilderConnector) only when Teams is configured
  const teams = config.teams
    ? new TeamsMessenger(
        createBotbuilderConnector(config.teams),
        new RedisTeamsReferenceStore(core.redis, { prefix: config.redisPrefix }),
        core.clock,
      )
    : undefined;
  return new PlatformMessengers({ slack, teams });
}

/**
 * The worker role: takes follow-up and escalation jobs from BullMQ and delivers them. Any number of workers on any
 * number of machines share one Redis; BullMQ gives each job to one of them, and the ledger keeps retries from
 * posting twice. stop() lets jobs in flight finish (bounded by SHUTDOWN_TIMEOUT_MS).
 */
export async function startWorker(
  config: Config,
  log: Logger,
  redisUrl: string,
  extras: WorkerExtras = {},
): Promise<WorkerRole> {
  const clock = extras.clock ?? Date.now;
  const producer = createRedis(redisUrl, 'store');
  producer.on('error', () => undefined);
  const jobs = createJobs(config, producer, clock);
  const core = await createCore(config, log, redisUrl, {
    alerts: jobs.alerts,
    followUps: jobs.followUps,
    retrains: jobs.retrains,
    clock,
    metrics: extras.metrics,
    // cards are tailored by the web role; the worker never loads the model's SDK
    model: null,
  });
  await checkRedisConfig(core.redis, log, { expectAof: config.env === 'production' });
  const messenger = extras.messenger ?? platformMessengers(config, core, log);
  const lockDurationMs = extras.lockDurationMs ?? config.workerLockMs;
  const ledger = new RedisDeliveryLedger(core.redis, { prefix: config.redisPrefix, clock, inFlightMs: lockDurationMs });
  // Teams cannot be asked whether a send cut short by a crash arrived: it is sent again, and operators see that here
  const onUnverified = (key: string) =>
    log.warn(
      { code: 'DELIVERY_UNVERIFIED', deliveryKey: key },
      'sending again: the platform cannot say whether an interrupted attempt arrived',
    );
  const connection = createRedis(redisUrl, 'worker');
  connection.on('error', (error) => log.debug({ code: 'STORE_UNAVAILABLE', err: error.message }, 'worker redis error'));
  const deps = {
    connection,
    cooldowns: new TenantCooldowns(core.redis, config.redisPrefix),
    redisPrefix: config.redisPrefix,
    concurrency: config.workerConcurrency,
    log,
    service: core.service,
    lockDurationMs,
  };
  const handoffs = new HandoffService({
    shifts: core.shifts,
    slips: core.slips,
    playbooks: core.playbooks,
    messenger,
    ledger,
    queue: jobs.handoffs,
    clock,
    onUnverified,
  });
  const delivery = new FollowUpDelivery({
    service: core.service,
    playbooks: core.playbooks,
    messenger,
    ledger,
    policy: config.followUps,
    calendar: extras.calendar ?? handoffs,
    onUnverified,
    activity: new RedisActivityLog(core.redis, { prefix: config.redisPrefix }),
    clock,
    onReminded: (lateMs) => core.metrics.reminderLateness.observe(lateMs / 1000),
  });
  const workers = [
    createFollowUpWorker(deps, delivery),
    createDeliveryWorker(
      deps,
      new DirectManagerAlerts({ permissions: core.permissions, messenger, ledger, onUnverified }),
    ),
    createLearningWorker(deps, core.learning, log),
    createHandoffWorker(deps, handoffs, {
      retention: async () => {
        const deleted = await purgeOldSlips(core.slips, config.retentionDays, clock());
        if (deleted > 0) log.info({ deleted, retentionDays: config.retentionDays }, 'old slips deleted');
        return deleted;
      },
    }),
  ];
  // every worker upserts the same sweep schedule (safe to repeat) and catches up once at start
  await jobs.handoffs.upsertSweep();
  await jobs.handoffs.upsertRetention();
  await handoffs.sweep().catch((error) => log.warn({ err: (error as Error).message }, 'first handoff sweep failed'));
  for (const worker of workers) worker.on('error', (error) => log.warn({ err: error.message }, 'worker error'));
  core.metrics.watchQueues(() => queueDepths(jobs));
  const server =
    (extras.http ?? true) && config.workerPort > 0
      ? createHttpServer({
          log,
          ready: { redis: async () => (await core.redis.ping()) === 'PONG' },
          metrics: () => core.metrics.render(),
          metricsToken: config.metricsToken,
          count: (route, status) => core.metrics.httpRequests.inc({ route, status: String(status) }),
        })
      : undefined;
  const port = server ? await listen(server, config.workerPort) : undefined;
  log.info({ concurrency: config.workerConcurrency, port }, 'worker role started');
  return {
    core,
    handoffs,
    jobs,
    workers,
    stop: async () => {
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      const results = await Promise.all(workers.map((w) => closeWithin(w, config.shutdownTimeoutMs)));
      await jobs.close();
      await connection.quit().catch(() => connection.disconnect());
      await producer.quit().catch(() => producer.disconnect());
      await core.close();
      return results.includes('forced') ? 'forced' : 'graceful';
    },
  };
}
