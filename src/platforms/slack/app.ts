import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, type InstallationStore, LogLevel } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import { AppError, reportError } from '../../errors';
import type { Logger } from '../../log';
import type { Slip } from '../../slips/slip';
import { refreshCard } from './cards';
import { type SlackDeps, teamOfTenant } from './deps';
import { type HomeExtension, publishHome, registerAppHome } from './listeners/appHome';
import { registerAppLifecycle } from './listeners/appLifecycle';
import { registerCardActions } from './listeners/cardActions';
import { registerChannelMessages } from './listeners/channelMessages';
import { registerDraftActions } from './listeners/draftActions';
import { registerFallbacks } from './listeners/fallbacks';
import { registerMessageShortcut } from './listeners/messageShortcut';
import { registerModalSubmissions } from './listeners/modalSubmissions';
import { type CommandExtensions, registerRecoverCommand } from './listeners/recoverCommand';

/** OAuth scopes the bot asks for (keep in step with manifest.json). */
export const BOT_SCOPES = [
  'channels:history',
  'groups:history',
  'chat:write',
  'commands',
  'users:read',
  'usergroups:read',
];

export interface SlackPlatformOptions {
  config: SlackConfig;
  deps: SlackDeps;
  installationStore?: InstallationStore;
  commands?: CommandExtensions;
  home?: HomeExtension;
  /** @defaultValue 2 retries with backoff: buttons must answer fast */
  clientRetries?: number;
}

export interface SlackPlatform {
  app: App;
  /** HTTP mode: handles POST /slack/events (and the OAuth install pages) on our one HTTP server. */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Socket Mode: connects to Slack. No-op in HTTP mode. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A Web API client holding the workspace's bot token. */
  clientFor(tenant: string): Promise<WebClient>;
}

/** The Web API base URL with the trailing slash the SDK needs, or Slack's own by default. */
export function slackApiUrl(config: SlackConfig): string | undefined {
  if (!config.apiUrl) return undefined;
  return config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`;
}

export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const { config, deps } = options;
  const clientOptions: WebClientOptions = {
    slackApiUrl: slackApiUrl(config),
    retryConfig: { retries: options.clientRetries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
  };
  const logger = boltLogger(deps.log);
  const oauth = config.oauth;
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          endpoints: '/slack/events',
          logger,
          processBeforeResponse: false,
          // a 1 MB cap: Slack payloads are far smaller; anything bigger is refused with 413
          bodyLimit: 1024 * 1024,
          unhandledRequestTimeoutMillis: 3001,
          ...(oauth
            ? {
                clientId: oauth.clientId,
                clientSecret: oauth.clientSecret,
                stateSecret: oauth.stateSecret,
                scopes: BOT_SCOPES,
                installationStore: options.installationStore,
                installerOptions: { directInstall: true, clientOptions },
              }
            : {}),
        })
      : undefined;
  const app = new App({
    ...(receiver
      ? { receiver }
      : // the Socket Mode client opens its connection through apps.connections.open at SLACK_API_URL too
        {
          socketMode: true,
          appToken: config.appToken,
          installerOptions: { clientOptions: { slackApiUrl: slackApiUrl(config) } },
        }),
    ...(oauth && receiver ? {} : { token: config.botToken }),
    clientOptions,
    logger,
  });
  app.error(async (error) => {
    reportError(deps.log, (error as { original?: unknown }).original ?? error, { where: 'bolt' });
  });

  const onChanged = async (client: WebClient, slip: Slip, user: string) => {
    const people = new Set([user, slip.owner]);
    await Promise.all(
      [...people].map((person) => publishHome(client, deps, slip.tenant, person, options.home).catch(() => undefined)),
    );
  };
  registerChannelMessages(app, deps);
  registerRecoverCommand(app, deps, options.commands);
  registerDraftActions(app, deps);
  registerCardActions(app, deps, onChanged);
  registerModalSubmissions(app, deps, onChanged);
  registerMessageShortcut(app, deps);
  registerAppHome(app, deps, options.home);
  registerAppLifecycle(app, deps, options.installationStore);
  registerFallbacks(app, deps);

  const clients = new Map<string, WebClient>();
  const clientFor = async (tenant: string): Promise<WebClient> => {
    const cached = clients.get(tenant);
    if (cached) return cached;
    const token = oauth ? await installedToken(options.installationStore, tenant) : config.botToken;
    if (!token) throw new AppError('PLATFORM_PERMANENT', `No Slack bot token for ${tenant}`);
    const client = new WebClient(token, { ...clientOptions, logger });
    clients.set(tenant, client);
    return client;
  };

  return {
    app,
    requestListener: receiver?.requestListener,
    start: async () => {
      if (!receiver) await app.start();
    },
    stop: async () => {
      if (!receiver) await app.stop();
    },
    clientFor,
  };
}

async function installedToken(store: InstallationStore | undefined, tenant: string): Promise<string | undefined> {
  const teamId = teamOfTenant(tenant);
  if (!store || !teamId) return undefined;
  const installation = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
  return installation.bot?.token;
}

/** Refreshes a slip's card from outside a Slack request (the worker, another platform's action). */
export async function refreshSlackCard(platform: SlackPlatform, deps: SlackDeps, slip: Slip): Promise<void> {
  await refreshCard(await platform.clientFor(slip.tenant), deps, slip);
}

/** Bolt and the Web API log through our pino logger. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
