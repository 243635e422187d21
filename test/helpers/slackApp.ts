import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startWeb, type WebRole } from '../../src/roles/web';
import { startWorker, type WorkerRole } from '../../src/roles/worker';
import type { Slip } from '../../src/slips/slip';
import { FakeSlack } from './fakeSlack';
import { untilQuiet } from './quiet';
import { testRedisUrl, uniquePrefix } from './redis';
import { channelMessage, eventEnvelope, postSigned, SIGNING_SECRET, type SignedPost } from './slackRequests';

export const TENANT = 'slack-T1';
export const MANAGER = 'UMGR';
/** The bot's DM channel with the manager, as the fake Slack opens it. */
export const MANAGER_DM = `D${MANAGER}`;

export interface SlackTestApp {
  fake: FakeSlack;
  /** The environment the app was configured from (to start more roles against the same Redis prefix). */
  env: Record<string, string>;
  web: WebRole;
  /** The worker role behind the app; reading it throws when the app was started with `{ worker: false }`. */
  worker: WorkerRole;
  url: string;
  event(
    event: Record<string, unknown>,
    overrides?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<SignedPost>;
  message(text: string, overrides?: Record<string, unknown>): Promise<{ post: SignedPost; ts: string }>;
  command(text: string, overrides?: Record<string, string>, options?: { expectReply?: boolean }): Promise<SignedPost>;
  interaction(payload: Record<string, unknown>): Promise<SignedPost>;
  watch(channel?: string): Promise<void>;
  /**
   * Waits until every request's work and every queued job is done (see untilQuiet): a barrier, not a sleep. Without a
   * worker role, queued jobs never run, so only the web role's work is waited for.
   */
  quiet(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real web role (real Bolt HTTPReceiver, real Redis) with its WebClient pointed at a fake Slack on loopback.
 * Requests are signed exactly as Slack signs them. A worker role runs behind it unless `worker: false`: a test file
 * that never waits for a reminder, an alert DM, a handoff or any other job starts faster and lighter without one.
 */
export async function startSlackTestApp(
  overrides: Record<string, string> = {},
  options: { redisUrl?: string; worker?: boolean } = {},
): Promise<SlackTestApp> {
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const fake = new FakeSlack();
  await fake.start();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REDIS_PREFIX: uniquePrefix('slack'),
    MANAGER_USER_IDS: MANAGER,
    VENUE_TIMEZONE: 'America/Chicago',
    ...overrides,
  };
  const config = loadConfig(env);
  const web = await startWeb(config, silentLogger(), redisUrl);
  // the worker role delivers escalations and reminders, as in production (same Redis, same prefix)
  const worker =
    options.worker === false
      ? undefined
      : await startWorker(config, silentLogger(), redisUrl, { lockDurationMs: 5000 });
  const url = `http://127.0.0.1:${web.port}`;
  const app: SlackTestApp = {
    fake,
    env,
    web,
    get worker(): WorkerRole {
      if (!worker) throw new Error('this test app was started with { worker: false }: it has no worker role');
      return worker;
    },
    url,
    event: (event, overrides = {}, headers = {}) =>
      postSigned(`${url}/slack/events`, JSON.stringify(eventEnvelope(event, overrides)), 'application/json', {
        headers,
      }),
    message: async (text, overrides = {}) => {
      const event = channelMessage(text, overrides);
      return { post: await app.event(event), ts: String(event.ts) };
    },
    command: async (text, overrides = {}, options = {}) => {
      const replyId = `cmd-${Math.random().toString(36).slice(2)}`;
      const post = await postSigned(
        `${url}/slack/events`,
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T1',
          team_domain: 'venue',
          channel_id: 'C1',
          channel_name: 'shift-floor',
          user_id: 'U1',
          user_name: 'alex',
          command: '/recover',
          text,
          api_app_id: 'A1',
          response_url: fake.responseUrl(replyId),
          trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
          ...overrides,
        }).toString(),
        'application/x-www-form-urlencoded',
      );
      // the answer comes back as the ack itself, or (when slow) through the response URL
      if (post.status !== 200 || post.json || options.expectReply === false) return post;
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        const reply = fake.responses.find((r) => r.path.endsWith(replyId));
        if (reply) return { ...post, json: reply.body };
        await settle(10);
      }
      throw new Error(`no response_url reply to /recover ${text}`);
    },
    interaction: (payload) =>
      postSigned(
        `${url}/slack/events`,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      ),
    watch: async (channel = 'C1') => {
      await web.core.channels.watch({ tenant: TENANT, channel, by: MANAGER, at: Date.now() });
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

/** A block_actions payload for a button on a channel card. */
export function buttonPress(
  app: SlackTestApp,
  actionId: string,
  value: string,
  options: {
    user?: string;
    messageTs?: string;
    channel?: string;
    container?: 'message' | 'view';
    team?: string;
    /** The message's inputs as typed (`state.values` by block and action id). */
    state?: Record<string, Record<string, { type: string; value: string | null }>>;
  } = {},
): Record<string, unknown> {
  const ts = options.messageTs ?? '1700000001.000100';
  const channel = options.channel ?? 'C1';
  const inView = options.container === 'view';
  return {
    type: 'block_actions',
    team: { id: options.team ?? 'T1', domain: 'venue' },
    user: { id: options.user ?? 'U1', name: 'alex', team_id: options.team ?? 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    ...(inView
      ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }
      : {
          container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
          channel: { id: channel, name: 'shift-floor' },
          message: { type: 'message', ts, text: 'card' },
          response_url: app.fake.responseUrl(),
        }),
    actions: [{ action_id: actionId, block_id: 'b', value, type: 'button', action_ts: String(Date.now() / 1000) }],
    ...(options.state ? { state: { values: options.state } } : {}),
  };
}

/** A view_submission payload for a modal. */
export function viewSubmission(
  callbackId: string,
  privateMetadata: string,
  values: Record<string, unknown>,
  user = 'U1',
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'venue' },
    user: { id: user, name: 'alex', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    view: {
      id: `V${Math.random().toString(36).slice(2)}`,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
    },
  };
}

/** Polls until the slip made from a message has its card posted (the post and the save are two steps). */
export async function cardedSlip(app: SlackTestApp, messageTs: string, channel = 'C1'): Promise<Slip> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const slip = await app.web.core.slips.findByMessage(TENANT, channel, messageTs);
    if (slip?.cardRef) return slip;
    await settle(20);
  }
  throw new Error(`no carded slip for message ${messageTs}`);
}

/** Posts `text` in C1 and waits for its slip's card; the fake's record is cleared, so a test sees only what follows. */
export async function postedSlip(app: SlackTestApp, text: string): Promise<Slip> {
  const { ts } = await app.message(text);
  const slip = await cardedSlip(app, ts);
  // what the slip set off (a manager alert) is sent before the record is cleared, not into the next step's record
  await app.quiet();
  app.fake.reset();
  return slip;
}

export async function settle(ms = 150): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
