import type { Redis } from 'ioredis';
import { type Core, type CoreExtras, createCore } from '../compose';
import type { Config } from '../config';
import { HandoffService } from '../handoff/service';
import { checkRedisConfig } from '../infra/redis/checks';
import { createRedis } from '../infra/redis/connection';
import { RedisDeliveryLedger } from '../infra/redis/ledger';
import { RedisSlackInstallationStore } from '../infra/redis/slackInstallationStore';
import { RedisTeamsReferenceStore } from '../infra/redis/teamsReferenceStore';
import type { Logger } from '../log';
import { PlatformDirectories } from '../platforms/directories';
import { PlatformMessengers } from '../platforms/messengers';
import { slackClientOptions, slackClients } from '../platforms/slack/clients';
import { SlackDirectory, SlackMessenger } from '../platforms/slack/messenger';
import { createBotbuilderConnector } from '../platforms/teams/connector';
import { TeamsMessenger } from '../platforms/teams/messenger';
import type { Messenger } from '../views/outbound';
import { createJobs, type Jobs } from './jobs';

/**
 * Everything a process builds once, whatever roles it runs (web, worker, both, or the shell): the core, the job
 * queues, the stores the platforms share, the messengers the worker delivers through, the delivery ledger and the
 * handoff service. The roles take what they need from it; none builds its own copy.
 */
export interface Runtime {
  config: Config;
  /** The Redis the process uses (a worker opens its blocking connection to it). */
  redisUrl: string;
  /** The process's Redis client, for the infrastructure (ledger, cooldowns, health); the core hands out ports. */
  redis: Redis;
  log: Logger;
  core: Core;
  jobs: Jobs;
  handoffs: HandoffService;
  /** Where jobs are delivered (Slack and Teams by tenant prefix, or the shell's printer). */
  messenger: Messenger;
  ledger: RedisDeliveryLedger;
  /** What the chat platforms know about managers; the web role adds each platform's directory once it exists. */
  directories: PlatformDirectories;
  /** Slack installations (OAuth): one store for Bolt's installer and the worker's clients. */
  slackInstallations?: RedisSlackInstallationStore;
  teamsRefs: RedisTeamsReferenceStore;
  /** How soon a crashed worker's jobs are retried elsewhere; the ledger's in-flight window matches it. */
  lockDurationMs: number;
  /** Logged when a platform cannot say whether an interrupted send arrived, and it is sent again. */
  onUnverified(key: string): void;
  close(): Promise<void>;
}

export interface RuntimeExtras
  extends Omit<CoreExtras, 'alerts' | 'followUps' | 'clocks' | 'approvalTimers' | 'retrains' | 'directory'> {
  /** Replaces the platform messengers (the shell prints instead). */
  messenger?: Messenger;
  /** @defaultValue WORKER_LOCK_SECONDS */
  lockDurationMs?: number;
}

export async function createRuntime(
  config: Config,
  log: Logger,
  redisUrl: string,
  extras: RuntimeExtras = {},
): Promise<Runtime> {
  const clock = extras.clock ?? Date.now;
  const producer: Redis = createRedis(redisUrl, 'store');
  producer.on('error', () => undefined);
  const jobs = createJobs(config, producer, clock);
  const directories = new PlatformDirectories();
  const redis: Redis = extras.redis ?? createRedis(redisUrl, 'store');
  let core: Core;
  try {
    core = await createCore(config, log, redisUrl, {
      ...extras,
      redis,
      directory: directories,
      alerts: jobs.alerts,
      followUps: jobs.followUps,
      clocks: jobs.clocks,
      approvalTimers: jobs.approvalTimers,
      retrains: jobs.retrains,
      clock,
    });
  } catch (error) {
    await jobs.close().catch(() => undefined);
    producer.disconnect();
    if (!extras.redis) redis.disconnect();
    throw error;
  }
  await checkRedisConfig(redis, log, { expectAof: config.env === 'production' });
  const prefix = { prefix: config.redisPrefix };
  const slackInstallations = config.slack?.oauth ? new RedisSlackInstallationStore(redis, prefix) : undefined;
  const teamsRefs = new RedisTeamsReferenceStore(redis, prefix);
  const slackConfig = config.slack;
  // a worker of its own asks Slack about managers too (a manager group's members for alerts, owners and admins for
  // the digest); a web role in the same process puts its own in this one's place
  if (slackConfig)
    directories.add(
      'slack',
      new SlackDirectory(
        slackClients(slackConfig, slackClientOptions(slackConfig, 'worker', log), slackInstallations),
        {
          managerGroup: slackConfig.managerGroup,
        },
      ),
    );
  const messenger = extras.messenger ?? platformMessengers(config, core, log, { slackInstallations, teamsRefs });
  const lockDurationMs = extras.lockDurationMs ?? config.workerLockMs;
  const ledger = new RedisDeliveryLedger(redis, { ...prefix, clock, inFlightMs: lockDurationMs });
  // Teams cannot be asked whether a send cut short by a crash arrived: it is sent again, and operators see that here
  const onUnverified = (key: string) =>
    log.warn(
      { code: 'DELIVERY_UNVERIFIED', deliveryKey: key },
      'sending again: the platform cannot say whether an interrupted attempt arrived',
    );
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
  return {
    config,
    redisUrl,
    redis,
    log,
    core,
    jobs,
    handoffs,
    messenger,
    ledger,
    directories,
    slackInstallations,
    teamsRefs,
    lockDurationMs,
    onUnverified,
    close: async () => {
      await jobs.close();
      await producer.quit().catch(() => producer.disconnect());
      await core.close();
      if (!extras.redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The platform messengers a worker delivers through, by tenant prefix. */
function platformMessengers(
  config: Config,
  core: Core,
  log: Logger,
  stores: { slackInstallations?: RedisSlackInstallationStore; teamsRefs: RedisTeamsReferenceStore },
): PlatformMessengers {
  const slackConfig = config.slack;
  const teamsConfig = config.teams;
  // built on first delivery: a web role (which only schedules) never builds these clients
  return new PlatformMessengers({
    ...(slackConfig
      ? {
          slack: () =>
            new SlackMessenger(
              slackClients(slackConfig, slackClientOptions(slackConfig, 'worker', log), stores.slackInstallations),
              core.features.privateCopies,
            ),
        }
      : {}),
    ...(teamsConfig
      ? {
          teams: () =>
            new TeamsMessenger(createBotbuilderConnector(teamsConfig), stores.teamsRefs, core.clock, {
              copies: core.features.privateCopies,
            }),
        }
      : {}),
  });
}
