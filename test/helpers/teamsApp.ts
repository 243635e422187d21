import { loadConfig } from '../../src/config';
import { type Logger, silentLogger } from '../../src/log';
import { startWeb, type WebRole } from '../../src/roles/web';
import { startWorker, type WorkerRole } from '../../src/roles/worker';
import { FakeTeamsConnector } from './fakeTeams';
import { untilQuiet } from './quiet';
import { testRedisUrl, uniquePrefix } from './redis';

export const AAD_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAMS_TENANT = `teams-${AAD_TENANT}`;
export const CHANNEL = '19:shiftfloor0000000000000000000000@thread.tacv2';
export const TEAM = '19:venueteam00000000000000000000000@thread.tacv2';
export const BOT = '28:00000000-0000-0000-0000-00000000b0b0';
export const MANAGER_AAD = '00000000-0000-0000-0000-00000000aaaa';

export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

export const STAFF: Person = {
  id: '29:staff-dana',
  name: 'Dana Reyes',
  aadObjectId: '00000000-0000-0000-0000-0000000000d1',
};
export const MANAGER: Person = { id: '29:manager-pat', name: 'Pat Ortiz', aadObjectId: MANAGER_AAD };

export interface Posted {
  status: number;
  body: string;
  json?: Record<string, unknown>;
}

export interface TeamsTestApp {
  fake: FakeTeamsConnector;
  env: Record<string, string>;
  web: WebRole;
  /** The worker role behind the app; reading it throws when the app was started with `{ worker: false }`. */
  worker: WorkerRole;
  url: string;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<Posted>;
  /** A new post in the shift channel (top-level: its conversation id names itself as the thread root). */
  channelPost(
    text: string,
    options?: { from?: Person; id?: string; mentionBot?: boolean; channel?: string },
  ): Promise<{ posted: Posted; id: string }>;
  personal(text: string, from?: Person): Promise<Posted>;
  /**
   * A channel activity as Teams sends it, for the cases channelPost does not cover (edits, thread replies, several
   * mentions): `root` is the thread's first post (the activity itself when omitted).
   */
  channelActivity(
    fields: { id: string; text: string; root?: string; type?: string; from?: Person } & Record<string, unknown>,
  ): Record<string, unknown>;
  /** An Action.Execute press on a card (adaptiveCard/action invoke). */
  execute(
    verb: string,
    data: Record<string, unknown>,
    options?: { from?: Person; replyToId?: string; conversationId?: string },
  ): Promise<Posted>;
  /**
   * "Recover from this message" on a channel post (a composeExtension/fetchTask, or submitAction with the form's
   * `data`): `message` is the post as Teams describes it in messagePayload.
   */
  messageAction(
    name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
    message: { id: string; html: string; replyToId?: string },
    options?: { data?: Record<string, unknown>; from?: Person; commandId?: string },
  ): Promise<Posted>;
  watch(channel?: string): Promise<void>;
  /**
   * Waits until every request's work and every queued job is done (see untilQuiet): a barrier, not a sleep. Without a
   * worker role, queued jobs never run, so only the web role's work is waited for.
   */
  quiet(): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

/**
 * The real web and worker roles with Teams on (auth disabled, as in local development), against a fake connector.
 * `log` receives both roles' log lines (silent by default). `worker: false` starts the web role alone, for a test
 * file that never waits for a reminder, an alert, a handoff or any other job.
 */
export async function startTeamsTestApp(
  overrides: Record<string, string> = {},
  options: { log?: Logger; worker?: boolean; redisUrl?: string } = {},
): Promise<TeamsTestApp> {
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const fake = new FakeTeamsConnector();
  await fake.start();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    TEAMS_AUTH_DISABLED: 'true',
    TEAMS_MANAGER_IDS: MANAGER_AAD,
    REDIS_PREFIX: uniquePrefix('teams'),
    VENUE_TIMEZONE: 'America/Chicago',
    ...overrides,
  };
  const config = loadConfig(env);
  const web = await startWeb(config, options.log ?? silentLogger(), redisUrl);
  const worker =
    options.worker === false
      ? undefined
      : await startWorker(config, options.log ?? silentLogger(), redisUrl, { lockDurationMs: 5000 });
  const url = `http://127.0.0.1:${web.port}`;
  const base = (from: Person) => ({
    channelId: 'msteams',
    serviceUrl: fake.serviceUrl,
    from,
    recipient: { id: BOT, name: 'recovery-coach' },
    timestamp: new Date().toISOString(),
    locale: 'en-US',
  });
  const channelData = (channel: string) => ({
    teamsChannelId: channel,
    teamsTeamId: TEAM,
    channel: { id: channel, name: 'shift-floor' },
    team: { id: TEAM },
    tenant: { id: AAD_TENANT },
  });
  const app: TeamsTestApp = {
    fake,
    env,
    web,
    get worker(): WorkerRole {
      if (!worker) throw new Error('this test app was started with { worker: false }: it has no worker role');
      return worker;
    },
    url,
    post: async (activity, headers = {}) => {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const body = await response.text();
      let json: Record<string, unknown> | undefined;
      try {
        json = body ? (JSON.parse(body) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, body, json };
    },
    channelPost: async (text, options = {}) => {
      const id = options.id ?? `17${String(Date.now()).slice(-9)}${++counter}`;
      const channel = options.channel ?? CHANNEL;
      const mention = options.mentionBot ? '<at>recovery-coach</at> ' : '';
      const posted = await app.post({
        ...base(options.from ?? STAFF),
        type: 'message',
        id,
        text: `${mention}${text}`,
        textFormat: 'plain',
        conversation: {
          id: `${channel};messageid=${id}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: AAD_TENANT,
        },
        channelData: channelData(channel),
        entities: options.mentionBot
          ? [{ type: 'mention', text: '<at>recovery-coach</at>', mentioned: { id: BOT, name: 'recovery-coach' } }]
          : [],
      });
      return { posted, id };
    },
    channelActivity: ({ id, text, root, type = 'message', from = STAFF, ...rest }) => ({
      ...base(from),
      type,
      id,
      text,
      conversation: {
        id: `${CHANNEL};messageid=${root ?? id}`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: AAD_TENANT,
      },
      channelData: channelData(CHANNEL),
      ...rest,
    }),
    personal: (text, from = STAFF) =>
      app.post({
        ...base(from),
        type: 'message',
        id: `p${++counter}`,
        text,
        conversation: { id: `a:personal-${from.id}`, conversationType: 'personal', tenantId: AAD_TENANT },
        channelData: { tenant: { id: AAD_TENANT } },
      }),
    execute: (verb, data, options = {}) =>
      app.post({
        ...base(options.from ?? STAFF),
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: `f:${++counter}`,
        replyToId: options.replyToId ?? 'act-1',
        conversation: {
          id: options.conversationId ?? `${CHANNEL};messageid=root`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: AAD_TENANT,
        },
        channelData: channelData(CHANNEL),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    messageAction: (name, message, options = {}) =>
      app.post({
        ...base(options.from ?? STAFF),
        type: 'invoke',
        name,
        id: `f:${++counter}`,
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: AAD_TENANT },
        channelData: { ...channelData(CHANNEL), source: { name: 'message' } },
        value: {
          commandId: options.commandId ?? 'recoverFromMessage',
          commandContext: 'message',
          ...(options.data ? { data: options.data } : {}),
          messagePayload: {
            id: message.id,
            ...(message.replyToId ? { replyToId: message.replyToId } : {}),
            messageType: 'message',
            createdDateTime: new Date().toISOString(),
            from: { user: { id: STAFF.aadObjectId, displayName: STAFF.name, userIdentityType: 'aadUser' } },
            body: { contentType: 'html', content: message.html },
          },
          context: { theme: 'default' },
        },
      }),
    watch: async (channel = CHANNEL) => {
      await web.core.channels.watch({ tenant: TEAMS_TENANT, channel, by: MANAGER_AAD, at: Date.now() });
    },
    quiet: () => untilQuiet(web, undefined, { jobs: worker !== undefined }),
    stop: async () => {
      await web.stop();
      await worker?.stop();
      await fake.stop();
    },
  };
  return app;
}

/** The Adaptive Card in a recorded message (its first attachment). */
export function cardOf(body: Record<string, unknown>): Record<string, unknown> {
  const attachments = body.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no Adaptive Card in ${JSON.stringify(body).slice(0, 300)}`);
  return card;
}
