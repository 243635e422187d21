import { z } from 'zod';
import { AppError } from './errors';
import { VENUE_TYPES } from './playbook/schema';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const bool = (fallback: boolean) => z.stringbool().default(fallback);
const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const zone = z
  .string()
  .default('UTC')
  .refine((value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, 'use an IANA time zone such as America/Chicago');

/** Every environment variable the app reads, with its default. The only reader of process.env. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'letters, digits, _ or -')
    .default('rc'),
  DATA_DIR: z.string().default('.data'),
  MODEL_DIR: optionalText,
  VENUE_TYPE: z.enum(VENUE_TYPES).default('restaurant'),
  VENUE_TIMEZONE: zone,
  PLAYBOOK_FILE: optionalText,
  MANAGER_USER_IDS: list,

  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'an app-level token starts with xapp-').optional()),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SLACK_MANAGER_GROUP: optionalText,

  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MICROSOFT_BOT_OPENID_METADATA: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TEAMS_AUTH_DISABLED: bool(false),
  TEAMS_ENABLED: bool(false),
  TEAMS_MANAGER_IDS: list,

  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_TIMEOUT_MS: int(4000, 200, 30_000),
  OPENAI_MAX_RETRIES: int(1, 0, 1),
  OPENAI_BORDERLINE: bool(false),

  REMINDER_DESTINATION: z.enum(['dm', 'thread']).default('dm'),
  NUDGE_AFTER_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(15),
  ESCALATE_AFTER_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(7 * 24 * 60)
    .default(45),
  OFF_SHIFT_POLICY: z.enum(['next_shift', 'wait']).default('next_shift'),
  RETENTION_DAYS: int(180, 1, 3650),
  WORKER_CONCURRENCY: int(10, 1, 200),
  WORKER_LOCK_SECONDS: int(30, 1, 600),
  WORKER_PORT: int(0, 0, 65_535),
  // a bearer token Prometheus sends: long enough that guessing it is not an option
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters (e.g. openssl rand -hex 24)').optional(),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 500, 120_000),
  /** A venue's corrections are gathered this long before its layer is retrained (one retrain for a burst). */
  LEARNING_DELAY_MS: int(30_000, 0, 3_600_000),
});

type Env = z.infer<typeof EnvSchema>;

export interface SlackConfig {
  mode: 'socket' | 'http';
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  apiUrl?: string;
  managerGroup?: string;
}

export interface TeamsConfig {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: Env['MICROSOFT_APP_TYPE'];
  authDisabled: boolean;
  /** Where the Bot Framework's token signing keys are described; unset, the public cloud's own document. */
  openIdMetadataUrl?: string;
  managerIds: string[];
}

export interface OpenAIConfig {
  apiKey: string;
  model: string;
  baseUrl?: string;
  timeoutMs: number;
  maxRetries: number;
  borderline: boolean;
}

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  logLevel: Env['LOG_LEVEL'];
  redisUrl?: string;
  redisPrefix: string;
  dataDir: string;
  /** The detector's model files; the shipped models/ when unset. */
  modelDir?: string;
  venueType: Env['VENUE_TYPE'];
  venueTimezone: string;
  playbookFile?: string;
  managerUserIds: string[];
  slack?: SlackConfig;
  teams?: TeamsConfig;
  openai?: OpenAIConfig;
  followUps: {
    destination: 'dm' | 'thread';
    nudgeAfterMinutes: number;
    escalateAfterMinutes: number;
    offShift: 'next_shift' | 'wait';
  };
  retentionDays: number;
  workerConcurrency: number;
  /** A standalone worker's HTTP port for /healthz, /readyz and /metrics (0: none). */
  workerPort: number;
  /** When set, /metrics answers only `Authorization: Bearer <token>` (web and worker ports). */
  metricsToken?: string;
  /** How long a job is locked to its worker: a crashed worker's jobs are picked up again after this. */
  workerLockMs: number;
  /** How long corrections gather before the venue's layer is retrained. */
  learningDelayMs: number;
  shutdownTimeoutMs: number;
}

/** Reads and checks the environment once; throws CONFIG_INVALID naming every bad variable and how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success) throw configError(problems);
  const e = parsed.data;
  const slack = slackConfig(e, problems);
  const teams = teamsConfig(e, problems);
  if (problems.length > 0) throw configError(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    dataDir: e.DATA_DIR,
    modelDir: e.MODEL_DIR,
    venueType: e.VENUE_TYPE,
    venueTimezone: e.VENUE_TIMEZONE,
    playbookFile: e.PLAYBOOK_FILE,
    managerUserIds: e.MANAGER_USER_IDS,
    slack,
    teams,
    openai: e.OPENAI_API_KEY
      ? {
          apiKey: e.OPENAI_API_KEY,
          model: e.OPENAI_MODEL,
          baseUrl: e.OPENAI_BASE_URL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          borderline: e.OPENAI_BORDERLINE,
        }
      : undefined,
    followUps: {
      destination: e.REMINDER_DESTINATION,
      nudgeAfterMinutes: e.NUDGE_AFTER_MINUTES,
      escalateAfterMinutes: e.ESCALATE_AFTER_MINUTES,
      offShift: e.OFF_SHIFT_POLICY,
    },
    retentionDays: e.RETENTION_DAYS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerPort: e.WORKER_PORT,
    metricsToken: e.METRICS_TOKEN,
    workerLockMs: e.WORKER_LOCK_SECONDS * 1000,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    learningDelayMs: e.LEARNING_DELAY_MS,
  };
}

function slackConfig(e: Env, problems: string[]): SlackConfig | undefined {
  const oauthParts = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  const anyOauth = oauthParts.some(Boolean);
  const anySlack = Boolean(e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN || anyOauth);
  if (!anySlack) return undefined;
  if (anyOauth && !oauthParts.every(Boolean))
    problems.push(
      'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: set all three for multi-workspace OAuth',
    );
  if (e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) also needs the bot token');
  } else if (!e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: HTTP events need the signing secret (or set SLACK_APP_TOKEN for Socket Mode)');
  } else if (!e.SLACK_BOT_TOKEN && !anyOauth) {
    problems.push('SLACK_BOT_TOKEN: set the bot token (one workspace) or the SLACK_CLIENT_* variables (OAuth)');
  }
  return {
    mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    oauth:
      e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
        ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
        : undefined,
    apiUrl: e.SLACK_API_URL,
    managerGroup: e.SLACK_MANAGER_GROUP,
  };
}

function teamsConfig(e: Env, problems: string[]): TeamsConfig | undefined {
  if (!e.MICROSOFT_APP_ID && !e.TEAMS_AUTH_DISABLED && !e.TEAMS_ENABLED) return undefined;
  if (e.TEAMS_AUTH_DISABLED && e.NODE_ENV === 'production')
    problems.push('TEAMS_AUTH_DISABLED: never disable Bot Framework authentication when NODE_ENV=production');
  if (!e.TEAMS_AUTH_DISABLED) {
    if (!e.MICROSOFT_APP_ID) problems.push('MICROSOFT_APP_ID: the Azure bot registration id is required');
    if (e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD)
      problems.push('MICROSOFT_APP_PASSWORD: the client secret is required unless MICROSOFT_APP_TYPE=UserAssignedMSI');
    if (e.MICROSOFT_APP_TYPE !== 'MultiTenant' && !e.MICROSOFT_APP_TENANT_ID)
      problems.push('MICROSOFT_APP_TENANT_ID: required for SingleTenant and UserAssignedMSI bots');
    if (e.MICROSOFT_BOT_OPENID_METADATA?.startsWith('http:') && e.NODE_ENV === 'production')
      problems.push('MICROSOFT_BOT_OPENID_METADATA: the signing keys must come over https when NODE_ENV=production');
  }
  return {
    appId: e.TEAMS_AUTH_DISABLED ? '' : (e.MICROSOFT_APP_ID ?? ''),
    appPassword: e.MICROSOFT_APP_PASSWORD,
    tenantId: e.MICROSOFT_APP_TENANT_ID,
    appType: e.MICROSOFT_APP_TYPE,
    authDisabled: e.TEAMS_AUTH_DISABLED,
    openIdMetadataUrl: e.MICROSOFT_BOT_OPENID_METADATA,
    managerIds: e.TEAMS_MANAGER_IDS,
  };
}

function configError(problems: string[]): AppError {
  return new AppError(
    'CONFIG_INVALID',
    `Configuration problems (see .env.example and docs/configuration.md):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

/** True when no chat platform is configured: `npm start` then opens the local shell chat. */
export function hasChatPlatform(config: Config): boolean {
  return Boolean(config.slack || config.teams);
}
