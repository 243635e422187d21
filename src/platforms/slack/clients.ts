import type { InstallationStore } from '@slack/bolt';
import { LogLevel, type Logger as SlackLogger, WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import { teamOfTenant } from './deps';

/** The Web API base URL with the trailing slash the SDK needs, or Slack's own by default. */
export function slackApiUrl(config: SlackConfig): string | undefined {
  if (!config.apiUrl) return undefined;
  return config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`;
}

/**
 * `web`: a few quick retries (a person is waiting on a button). `worker`: no SDK retries and 429s rejected at once,
 * so BullMQ owns retrying and one workspace's rate limit never stalls the client for everyone.
 */
export function slackClientOptions(config: SlackConfig, mode: 'web' | 'worker', log: Logger): WebClientOptions {
  return {
    slackApiUrl: slackApiUrl(config),
    logger: slackLogger(log),
    timeout: 10_000,
    ...(mode === 'web'
      ? { retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 } }
      : { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
  };
}

/** A cached WebClient per workspace, with the bot token from config (one workspace) or the installation store. */
export function slackClients(
  config: SlackConfig,
  options: WebClientOptions,
  installations?: InstallationStore,
): (tenant: string) => Promise<WebClient> {
  const clients = new Map<string, WebClient>();
  return async (tenant) => {
    const cached = clients.get(tenant);
    if (cached) return cached;
    const token = config.oauth ? await installedToken(installations, tenant) : config.botToken;
    if (!token) throw new AppError('PLATFORM_PERMANENT', `No Slack bot token for ${tenant}`);
    const client = new WebClient(token, options);
    clients.set(tenant, client);
    return client;
  };
}

async function installedToken(store: InstallationStore | undefined, tenant: string): Promise<string | undefined> {
  const teamId = teamOfTenant(tenant);
  if (!store || !teamId) return undefined;
  const installation = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
  return installation.bot?.token;
}

/** Bolt and the Web API log through our pino logger. */
export function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg) => child.debug(withoutPayload(text(msg))),
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

/**
 * At debug level the SDKs log whole request and response bodies ("http request body: {…}", Bolt's incoming payload
 * as JSON): card text, guest references, a person's words, outside pino's redaction of fields. A debug line keeps
 * what it says about the call and drops everything from the first JSON or form body on.
 */
export function withoutPayload(line: string): string {
  const start = line.search(/[{[]|\b[\w.]+=[^\s]/);
  if (start === -1) return line.slice(0, 200);
  return `${line.slice(0, Math.min(start, 200)).trimEnd()} [payload omitted]`.trim();
}
