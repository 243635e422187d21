import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type InstallationStore } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import { AppError, reportError } from '../../errors';
import type { PlaybookEditor } from '../../playbook/editor';
import type { Slip } from '../../slips/slip';
import { slackApiUrl, slackClientOptions, slackClients, slackLogger } from './clients';
import type { SlackDeps } from './deps';
import { type HomeExtension, publishHome, registerAppHome } from './listeners/appHome';
import { registerAppLifecycle } from './listeners/appLifecycle';
import { registerCardActions } from './listeners/cardActions';
import { registerChannelMessages } from './listeners/channelMessages';
import { registerCompApprovals } from './listeners/compApprovals';
import { registerDraftActions } from './listeners/draftActions';
import { registerFallbacks } from './listeners/fallbacks';
import { registerHandoffActions } from './listeners/handoffActions';
import { registerMessageShortcut } from './listeners/messageShortcut';
import { registerModalSubmissions } from './listeners/modalSubmissions';
import { playbookHomeSection, registerPlaybookEditor } from './listeners/playbookEditor';
import { registerReactions } from './listeners/reactions';
import { registerRecoverCommand } from './listeners/recoverCommand';
import { registerReminderActions } from './listeners/reminderActions';
import { registerReplayGuard } from './listeners/replayGuard';
import { registerShiftSettings, shiftHomeSection } from './listeners/shiftSettings';
import { registerThreadReplies } from './listeners/threadReplies';
import { modalKey } from './modalSeal';
import { guardSlackRequests } from './requestGuard';

/** OAuth scopes the bot asks for (keep in step with manifest.json). */
export const BOT_SCOPES = [
  'channels:history',
  'groups:history',
  'chat:write',
  'commands',
  'users:read',
  'usergroups:read',
  // direct messages for reminders and escalations, and the check that a retried one was not already sent
  'im:write',
  'im:history',
  // the playbook editor: Export YAML sends a file, Import YAML reads an attached one
  'files:write',
  'files:read',
  // one-gesture capture: the capture emoji on a message logs it as a slip
  'reactions:read',
];

/** A 1 MB cap: Slack payloads are far smaller; anything bigger is refused with 413. */
const BODY_LIMIT = 1024 * 1024;

export interface SlackPlatformOptions {
  config: SlackConfig;
  /** The core's services; the platform adds the modal key it derives from `config`. */
  deps: Omit<SlackDeps, 'modalKey'>;
  installationStore?: InstallationStore;
  home?: HomeExtension;
  /** The playbook editor (App Home and modals); without it the playbook is file-managed. */
  editor?: PlaybookEditor;
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

export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const { config, deps } = options;
  const clientOptions = slackClientOptions(config, 'web', deps.log);
  const logger = slackLogger(deps.log);
  const oauth = config.oauth;
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          endpoints: '/slack/events',
          logger,
          processBeforeResponse: false,
          bodyLimit: BODY_LIMIT,
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
    // we keep no conversation state in Bolt; skipping its store saves work on every request
    convoStore: false,
    // the token check (auth.test) runs in start(), where a failure is a clear start-up error, not a stray rejection
    deferInitialization: true,
  });
  app.error(async (error) => {
    reportError(deps.log, (error as { original?: unknown }).original ?? error, { where: 'bolt' });
  });

  // every listener gets the deps with the modal key and the composed App Home sections
  const keyed: SlackDeps = { ...options.deps, features: options.deps.features, modalKey: modalKey(config) };
  const slackDeps: SlackDeps = {
    ...keyed,
    home: combineHome([shiftHomeSection(keyed), options.editor ? playbookHomeSection(keyed) : undefined, options.home]),
  };
  const onChanged = async (client: WebClient, slip: Slip, user: string) => {
    const people = new Set([user, slip.owner]);
    await Promise.all(
      [...people].map((person) => publishHome(client, slackDeps, slip.tenant, person).catch(() => undefined)),
    );
  };
  // outermost: every listener's work is counted until it ends, after the ack as well, so shutdown can wait for it
  const inFlight = slackDeps.inFlight;
  if (inFlight) app.use(({ next }) => inFlight.run(next));
  // first: a replayed press or submission stops here, before any listener runs
  registerReplayGuard(app, slackDeps);
  registerFallbacks(app, slackDeps);
  registerChannelMessages(app, slackDeps);
  registerReactions(app, slackDeps);
  registerThreadReplies(app, slackDeps);
  registerCompApprovals(app, slackDeps);
  registerRecoverCommand(app, slackDeps);
  registerHandoffActions(app, slackDeps);
  registerShiftSettings(app, slackDeps);
  if (options.editor) registerPlaybookEditor(app, slackDeps, options.editor);
  registerDraftActions(app, slackDeps);
  registerCardActions(app, slackDeps, onChanged);
  registerModalSubmissions(app, slackDeps, onChanged);
  registerMessageShortcut(app, slackDeps);
  registerReminderActions(app, slackDeps, onChanged);
  registerAppHome(app, slackDeps);
  registerAppLifecycle(app, slackDeps, options.installationStore);

  const clientFor = slackClients(config, clientOptions, options.installationStore);

  return {
    app,
    requestListener: receiver
      ? guardSlackRequests(receiver.requestListener, {
          signingSecret: config.signingSecret ?? '',
          bodyLimit: BODY_LIMIT,
          log: deps.log,
        })
      : undefined,
    start: async () => {
      try {
        await app.init();
      } catch (error) {
        throw new AppError(
          'CONFIG_INVALID',
          `Slack did not accept the bot token or could not be reached: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      if (!receiver) await app.start();
    },
    stop: async () => {
      if (!receiver) await app.stop();
    },
    clientFor,
  };
}

/** Several App Home sections, in order, as one extension. */
function combineHome(sections: Array<HomeExtension | undefined>): HomeExtension {
  const present = sections.filter((s): s is HomeExtension => s !== undefined);
  return async (tenant, user) => (await Promise.all(present.map((section) => section(tenant, user)))).flat();
}
