import { AsyncLocalStorage } from 'node:async_hooks';
import type { TeamsConfig } from '../../config';
import { AppError } from '../../errors';
import type { ConversationRef, TeamsActivity } from './activity';

/** A message we send: text and/or Adaptive Card attachments. */
export interface OutgoingActivity {
  type?: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  attachments?: Array<{ contentType: string; content: unknown }>;
  /** Mentions (`<at>Name</at>` in the text) must be declared here for Teams to render them. */
  entities?: Array<Record<string, unknown>>;
}

/** What an invoke (a card button) answers: Teams shows `body` (for Action.Execute, the updated card). */
export interface InvokeResult {
  status: number;
  body?: unknown;
}

/** One inbound activity and what the bot may do within its turn. */
export interface Turn {
  activity: TeamsActivity;
  /** Replies in the activity's conversation (in a channel thread: in that thread). Returns the new activity id. */
  send(activity: OutgoingActivity): Promise<string | undefined>;
  update(activityId: string, activity: OutgoingActivity): Promise<void>;
  /** A member of this conversation (or its team): their Entra id and team role ("owner", "user", "guest"). */
  member(userTeamsId: string): Promise<{ aadObjectId?: string; userRole?: string } | undefined>;
}

export type TurnLogic = (turn: Turn) => Promise<InvokeResult | undefined>;

/**
 * The whole surface recovery-coach uses of the Bot Framework: process an inbound activity, send, update, and reach a
 * conversation again later. botbuilder stays behind this interface (and is loaded only when Teams is configured), so
 * moving to the Microsoft 365 Agents SDK means rewriting this file alone.
 */
export interface TeamsConnector {
  /** Authenticates the request (JWT from the Bot Framework unless auth is disabled) and runs the turn. */
  process(authorization: string, activity: TeamsActivity, logic: TurnLogic): Promise<InvokeResult | undefined>;
  send(ref: ConversationRef, activity: OutgoingActivity): Promise<string>;
  update(ref: ConversationRef, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** Opens (or finds) the 1:1 chat between the bot and a person, for direct messages. */
  openPersonal(via: ConversationRef, userTeamsId: string): Promise<ConversationRef>;
  /** A person's role in a team ("owner", "user", "guest"), asked through any conversation of that tenant. */
  teamRole(via: ConversationRef, teamId: string, userTeamsId: string): Promise<string | undefined>;
}

type Botbuilder = typeof import('botbuilder');

/** The audience (token scope) of Bot Framework channel calls. */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';

export function createBotbuilderConnector(config: TeamsConfig): TeamsConnector {
  // loaded on first use: botbuilder costs ~40 MB and a second of start-up, which Slack-only deployments never pay
  const bb: Botbuilder = require('botbuilder');
  const auth = new bb.ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.authDisabled ? '' : config.appId,
    MicrosoftAppPassword: config.authDisabled ? '' : (config.appPassword ?? ''),
    MicrosoftAppTenantId: config.tenantId ?? '',
    // with auth disabled there is no app registration to describe (SingleTenant would demand an app id)
    MicrosoftAppType: config.authDisabled ? 'MultiTenant' : config.appType,
    ...(config.openIdMetadataUrl ? publicCloudWithKeysFrom(config.openIdMetadataUrl) : {}),
  } as never);
  // processActivity (authenticate, run, return the invoke response) is protected; this exposes it without the
  // express-style request/response handling of process(), which our own HTTP server does
  class Adapter extends bb.CloudAdapter {
    run(authorization: string, activity: unknown, logic: (context: import('botbuilder').TurnContext) => Promise<void>) {
      return this.processActivity(authorization, activity as never, logic);
    }
  }
  const adapter = new Adapter(auth);
  quietDuringAuthentication();
  const appId = config.authDisabled ? '' : config.appId;

  const toReference = (ref: ConversationRef) => ({
    channelId: 'msteams',
    serviceUrl: ref.serviceUrl,
    conversation: {
      id: ref.conversationId,
      tenantId: ref.tenantId,
      conversationType: ref.conversationType,
      isGroup: ref.conversationType !== 'personal',
    },
    bot: { id: ref.botId, name: 'recovery-coach' },
  });

  const withConversation = async <T>(
    ref: ConversationRef,
    run: (context: import('botbuilder').TurnContext) => Promise<T>,
  ) => {
    let result: T | undefined;
    await adapter.continueConversationAsync(appId, toReference(ref) as never, async (context) => {
      result = await run(context);
    });
    return result as T;
  };

  return {
    async process(authorization, activity, logic) {
      let started = false;
      // botbuilder's token checks print what they refuse (the signing key they tried, a whole error) on the console
      // in many lines; while a request is being authenticated that goes nowhere, and the refusal reaches our log
      // once, as one line (the caller's)
      const checking = { active: true };
      try {
        return await authenticating.run(checking, () =>
          adapter.run(authorization, activity, async (context) => {
            checking.active = false;
            started = true;
            const turn: Turn = {
              activity: context.activity as unknown as TeamsActivity,
              send: async (reply) => (await context.sendActivity(reply as never))?.id,
              update: async (id, reply) => {
                await context.updateActivity({ ...(reply as object), id, type: 'message' } as never);
              },
              member: async (userTeamsId) =>
                (await bb.TeamsInfo.getMember(context, userTeamsId).catch(() => undefined)) as
                  | { aadObjectId?: string; userRole?: string }
                  | undefined,
            };
            const result = await logic(turn);
            if (result && context.activity.type === 'invoke')
              await context.sendActivity({ type: 'invokeResponse', value: result } as never);
          }),
        );
      } catch (error) {
        // the inbound request's token was missing or wrong: the caller answers 401 (botbuilder's own checks throw
        // an AuthenticationError with statusCode 401; a bad signature, a wrong audience or an expired token reach us
        // as the JWT library's own errors, and they are just as final)
        if (!started && (isAuthenticationFailure(error) || isTokenRejection(error)))
          throw new AppError('UNAUTHORIZED', 'Bot Framework authentication failed', {
            cause: error,
            details: { reason: oneLine(error) },
          });
        // the token could not be checked at all (the signing keys were unreachable): nothing ran, try again later
        if (!started)
          throw new AppError(
            'PLATFORM_TEMPORARY',
            'could not verify the Bot Framework token (signing keys unreachable)',
            {
              cause: error,
            },
          );
        throw translate(error);
      } finally {
        // anything the request left running prints as usual from now on
        checking.active = false;
      }
    },
    async send(ref, activity) {
      try {
        const id = await withConversation(ref, async (context) => {
          sendOnce(context);
          // a proactive message is a new post (or a reply by its conversation id "…;messageid=root"), never a reply
          // to the continuation activity, whose made-up id botbuilder would otherwise put in replyToId
          context.onSendActivities(async (_context, activities, next) => {
            for (const outgoing of activities) delete outgoing.replyToId;
            return next();
          });
          return (await context.sendActivity(activity as never))?.id;
        });
        return id ?? '';
      } catch (error) {
        throw translate(error);
      }
    },
    async update(ref, activityId, activity) {
      try {
        await withConversation(ref, (context) =>
          context.updateActivity({ ...(activity as object), id: activityId, type: 'message' } as never),
        );
      } catch (error) {
        throw translate(error);
      }
    },
    async openPersonal(via, userTeamsId) {
      let conversationId = '';
      try {
        await adapter.createConversationAsync(
          appId,
          'msteams',
          via.serviceUrl,
          CHANNEL_AUDIENCE,
          {
            isGroup: false,
            bot: { id: via.botId, name: 'recovery-coach' },
            members: [{ id: userTeamsId, name: '' }],
            tenantId: via.tenantId,
            channelData: { tenant: { id: via.tenantId } },
          } as never,
          async (context) => {
            conversationId = context.activity.conversation.id;
          },
        );
      } catch (error) {
        throw translate(error);
      }
      return { ...via, conversationId, conversationType: 'personal' };
    },
    async teamRole(via, teamId, userTeamsId) {
      try {
        return await withConversation(via, async (context) => {
          const member = (await bb.TeamsInfo.getTeamMember(context, teamId, userTeamsId)) as { userRole?: string };
          return member.userRole;
        });
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

/**
 * Bot Framework failures as our error codes, so the worker knows what to retry: 401/403 from the channel (app
 * removed, user blocked the bot) and 404 (conversation gone) are permanent, 429 carries Retry-After, the rest retry.
 */
export function translate(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    name?: string;
    message?: string;
    statusCode?: number;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
  };
  const status = e.statusCode ?? e.response?.status;
  if (status === 429) {
    const retryAfter = Number(e.response?.headers?.get?.('retry-after') ?? 1);
    return new AppError('PLATFORM_RATE_LIMITED', 'Teams asked us to slow down', {
      cause: error,
      retryAfterMs: Math.max(1, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000,
    });
  }
  if (status === 401 || status === 403 || status === 404)
    return new AppError('PLATFORM_PERMANENT', `Teams refused the message (HTTP ${status})`, { cause: error });
  return new AppError(
    'PLATFORM_TEMPORARY',
    `Teams call failed${status ? ` (HTTP ${status})` : ''}: ${e.message ?? ''}`,
    {
      cause: error,
    },
  );
}

/**
 * A proactive send goes out once per call. botbuilder's HTTP pipeline would otherwise send it again by itself, up
 * to three times, after a 429, a 5xx or a dropped connection; after a 5xx or a dropped connection Teams may already
 * have posted it, and such a copy would be made where nobody sees it. Without those retries every failure reaches
 * the delivery ledger, as with Slack's worker client: a 429 is sent again by the job after Retry-After (Teams
 * posted nothing), anything that may have landed only after WORKER_LOCK_SECONDS, logged as DELIVERY_UNVERIFIED.
 */
function sendOnce(context: import('botbuilder').TurnContext): void {
  type Pipeline = { removePolicy(options: { phase: 'Retry' }): unknown };
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as { client?: { pipeline?: Pipeline } };
  client?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/** Marks the async context of a request whose token botbuilder is checking (until its turn starts). */
const authenticating = new AsyncLocalStorage<{ active: boolean }>();
const QUIET = Symbol('quiet during Bot Framework authentication');
const CONSOLE_METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;

/**
 * Wraps console's methods (once) so that what is printed while a request's token is being checked is dropped:
 * botframework-connector prints every refused token's error and the PEM of the key it tried, many lines of non-JSON
 * per request, which anyone could use to flood the log. Everything printed anywhere else passes through unchanged.
 */
function quietDuringAuthentication(): void {
  for (const method of CONSOLE_METHODS) {
    const current = console[method] as ((...args: unknown[]) => void) & { [QUIET]?: true };
    if (current[QUIET]) continue;
    const quiet = (...args: unknown[]) => {
      if (authenticating.getStore()?.active) return;
      current.apply(console, args);
    };
    console[method] = Object.assign(quiet, { [QUIET]: true as const });
  }
}

/** Why a token was refused, as one short line (an error's message can span lines). */
function oneLine(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const text = `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}

function isAuthenticationFailure(error: unknown): boolean {
  return [401, 403].includes((error as { statusCode?: number }).statusCode ?? 0);
}

/** jsonwebtoken's verdicts on a token it could check: it is not ours to accept, and retrying will not change that. */
function isTokenRejection(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}

/**
 * The public cloud's Bot Framework settings with the signing keys described at `metadataUrl` (a proxy that mirrors
 * them, a sovereign deployment, or a test's key server). botbuilder takes any one of these settings as "all are
 * given", so every one is named.
 */
function publicCloudWithKeysFrom(metadataUrl: string): Record<string, string | boolean> {
  const { AuthenticationConstants: c } = require('botframework-connector') as typeof import('botframework-connector');
  const { CallerIdConstants } = require('botbuilder') as Botbuilder;
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: c.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: c.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: c.ToBotFromChannelTokenIssuer,
    OAuthUrl: c.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: c.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
