import type { Redis } from 'ioredis';
import type { ClockScheduler } from './clock/ports';
import { Coach } from './coach/coach';
import type { ModelCoach } from './coach/modelAdvice';
import { sharedSlipModel } from './coach/modelFiles';
import { CompApprovals } from './comps/approvals';
import type { ApprovalTimers } from './comps/escalation';
import { GivenComps } from './comps/givenComps';
import type { Config } from './config';
import { countErrorsWith } from './errors';
import type { ShiftStore } from './handoff/ports';
import { InFlight } from './infra/inFlight';
import { Metrics } from './infra/metrics';
import { OpenAIModelCoach } from './infra/openai/openaiModelCoach';
import { RedisActivityLog } from './infra/redis/activity';
import { RedisChannelStore } from './infra/redis/channelStore';
import { createRedis, waitForReady } from './infra/redis/connection';
import { RedisOnce } from './infra/redis/dedupe';
import { RedisDrafts } from './infra/redis/drafts';
import { type FeatureStores, featureStores } from './infra/redis/featureStores';
import { RedisInsightsStore } from './infra/redis/insightsStore';
import { RedisPlaybookStore } from './infra/redis/playbookStore';
import { RedisRoleStore } from './infra/redis/roleStore';
import { RedisShiftStore } from './infra/redis/shiftStore';
import { RedisSlipStore } from './infra/redis/slipStore';
import { RedisTailoringStore } from './infra/redis/tailoringStore';
import { RedisVenueLearningStore } from './infra/redis/venueLearningStore';
import { InsightsService } from './insights/service';
import type { Logger } from './log';
import { defaultPlaybook, loadPlaybookFile } from './playbook/load';
import { type Directory, Permissions, type RoleStore } from './playbook/permissions';
import type { Playbook } from './playbook/schema';
import type { PlaybookStore } from './playbook/store';
import { DirectManagerAlerts } from './slips/alerts';
import { allRecorders } from './slips/changeRecorder';
import type { ChannelStore } from './slips/channels';
import type { DraftStore, FollowUpScheduler, ManagerAlerts, OnceStore } from './slips/ports';
import { SlipService } from './slips/service';
import type { SlipStore } from './slips/store';
import { TailoringService } from './slips/tailoring';
import { type RetrainRequests, VenueLearning } from './slips/venueLearning';
import type { Messenger } from './views/outbound';

/** The platform-neutral core every role shares: Redis, the stores, permissions, the coach and the use cases. */
export interface Core {
  config: Config;
  log: Logger;
  slips: SlipStore;
  playbooks: PlaybookStore;
  channels: ChannelStore;
  roles: RoleStore;
  permissions: Permissions;
  /** Seen-once claims (a platform's retries and redeliveries). */
  once: OnceStore;
  /** `/recover …` previews waiting to be posted (an hour). */
  drafts: DraftStore<{ text: string; channel: string; user: string }>;
  coach: Coach;
  service: SlipService;
  shifts: ShiftStore;
  metrics: Metrics;
  /** The venue's own learning (its examples, its layer over the shipped model). */
  learning: VenueLearning;
  /** Work a request started that outlives its answer; shutdown (and tests) wait for it. */
  inFlight: InFlight;
  /** The model's tailoring of cards, when OPENAI_API_KEY is set. */
  tailoring?: TailoringService;
  /** The stores of capture, thread-reply offers, comps and their approvals (shared by Slack and Teams). */
  features: FeatureStores;
  /** Comps approved in chat, once for every platform (requests, answers, the comp log, escalation jobs). */
  approvals: CompApprovals;
  /** Insights: counters kept as slips change, the figures, the weekly digest's settings. */
  insights: InsightsService;
  clock: () => number;
  close(): Promise<void>;
}

export interface CoreExtras {
  /** Use this client instead of creating one (the runtime's, or a test's); the caller closes it. */
  redis?: Redis;
  coach?: Coach;
  /** What the chat platform knows about managers (Slack admins, a user group). */
  directory?: Directory;
  /** How escalations reach managers; without one they are only recorded on the slip. */
  messenger?: Messenger;
  /** Replaces direct manager alerts (the worker's queue). */
  alerts?: ManagerAlerts;
  followUps?: FollowUpScheduler;
  /** The recovery clock's jobs (the job queues); without it slips record their targets but nobody is nudged. */
  clocks?: ClockScheduler;
  /** Escalation jobs for unanswered comp approvals; without them a request just waits for its answer. */
  approvalTimers?: ApprovalTimers;
  /** Where retrains after corrections are queued; without it the layer is retrained only on request (CLI). */
  retrains?: RetrainRequests;
  metrics?: Metrics;
  /** Replaces the OpenAI engine (tests, other compatible clients); null: no model in this role (the worker). */
  model?: ModelCoach | null;
  clock?: () => number;
}

export async function createCore(
  config: Config,
  log: Logger,
  redisUrl: string,
  extras: CoreExtras = {},
): Promise<Core> {
  // the model first, before this core opens a Redis connection of its own (main.ts checks it before anything starts)
  const coach = extras.coach ?? new Coach({ model: sharedSlipModel(config.modelDir) });
  const redis = extras.redis ?? createRedis(redisUrl, 'store');
  redis.on('error', (error) => log.debug({ code: 'STORE_UNAVAILABLE', err: error.message }, 'redis connection error'));
  await waitForReady(redis, 10_000);
  const prefix = { prefix: config.redisPrefix };
  const slips = new RedisSlipStore(redis, prefix);
  const playbooks = new RedisPlaybookStore(redis, { ...prefix, seed: seedPlaybook(config) });
  const channels = new RedisChannelStore(redis, prefix);
  const roles = new RedisRoleStore(redis, prefix);
  const permissions = new Permissions({
    roles,
    playbooks,
    configManagers: [...config.managerUserIds, ...(config.teams?.managerIds ?? [])],
    directory: extras.directory,
  });
  const clock = extras.clock ?? Date.now;
  const alerts =
    extras.alerts ??
    (extras.messenger ? new DirectManagerAlerts({ permissions, messenger: extras.messenger }) : undefined);
  const activity = new RedisActivityLog(redis, prefix);
  const metrics = extras.metrics ?? new Metrics();
  countErrorsWith((code) => metrics.errors.inc({ code }));
  const learning = new VenueLearning({
    store: new RedisVenueLearningStore(redis, prefix),
    coach,
    playbooks,
    requests: extras.retrains,
    clock,
  });
  const insightsStore = new RedisInsightsStore(redis, prefix);
  const insights = new InsightsService({
    counters: insightsStore,
    digests: insightsStore,
    playbooks,
    roles: permissions,
    clock,
  });
  const features = featureStores(redis, config.redisPrefix, { activity, grants: roles });
  const service = new SlipService({
    slips,
    playbooks,
    coach,
    channels,
    roles: permissions,
    alerts,
    followUps: extras.followUps,
    clocks: extras.clocks,
    activity,
    learning,
    clock,
    // comps given on cards join the comp log as they are recorded, beside the insights counters
    insights: allRecorders(insights, new GivenComps({ log: features.comps, playbooks })),
    observer: {
      slipCreated: (slip) => metrics.slips.inc({ category: slip.categoryId, severity: slip.severity }),
      cardPosted: (slip) => metrics.cards.inc({ platform: slip.platform }),
    },
  });
  const model =
    extras.model === undefined ? (config.openai ? new OpenAIModelCoach(config.openai) : undefined) : extras.model;
  const tailoring = model
    ? new TailoringService({
        model,
        store: new RedisTailoringStore(redis, config.redisPrefix),
        slips,
        playbooks,
        service,
        coach,
        log,
        timeoutMs: config.openai?.timeoutMs ?? 4000,
        borderline: config.openai?.borderline ?? false,
        count: (outcome) => metrics.modelOutcomes.inc({ outcome }),
        clock,
      })
    : undefined;
  return {
    config,
    log,
    slips,
    playbooks,
    channels,
    roles,
    permissions,
    features,
    approvals: new CompApprovals({
      service,
      playbooks,
      roles: permissions,
      people: {
        granted: async (tenant) => (await features.grants.list(tenant)).map((g) => g.user),
        managers: (tenant) => permissions.managers(tenant),
      },
      activity: features.activity,
      store: features.approvals,
      log: features.comps,
      timers: extras.approvalTimers,
      clock,
    }),
    once: new RedisOnce(redis, prefix),
    drafts: new RedisDrafts(redis, { ...prefix, scope: 'recover', ttlSeconds: 3600 }),
    coach,
    service,
    shifts: new RedisShiftStore(redis, prefix),
    metrics,
    learning,
    inFlight: new InFlight(),
    tailoring,
    insights,
    clock,
    close: async () => {
      if (!extras.redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The playbook a new tenant starts with: PLAYBOOK_FILE when set, else the default for the venue type. */
export function seedPlaybook(config: Config): () => Playbook {
  if (config.playbookFile) {
    const fromFile = loadPlaybookFile(config.playbookFile);
    return () => structuredClone(fromFile);
  }
  return () => defaultPlaybook(config.venueType, config.venueTimezone);
}
