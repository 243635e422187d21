import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TeamsConfig } from '../../config';
import { AppError, reportError } from '../../errors';
import { readBody, send } from '../../infra/http/server';
import { tracked } from '../../infra/inFlight';
import { ThrottledLog } from '../../log';
import type { TeamsActivity } from './activity';
import { teamsTurn } from './bot';
import { createBotbuilderConnector, type TeamsConnector } from './connector';
import type { TeamsDeps } from './deps';
import { TeamsDirectory, TeamsMessenger } from './messenger';

/** The Bot Framework sends activities of a few KB; anything past this is not one of them. */
const MAX_BODY_BYTES = 256 * 1024;
/** Refused tokens are logged one line per this long at most; the ones in between are counted in the next line. */
const REFUSALS_LOG_INTERVAL_MS = 60_000;

export interface TeamsPlatform {
  /** POST /api/messages. */
  requestListener(req: IncomingMessage, res: ServerResponse): Promise<void>;
  connector: TeamsConnector;
  messenger: TeamsMessenger;
  directory: TeamsDirectory;
}

export function createTeamsPlatform(
  config: TeamsConfig,
  deps: Omit<TeamsDeps, 'connector'>,
  connector: TeamsConnector = createBotbuilderConnector(config),
): TeamsPlatform {
  const messenger = new TeamsMessenger(connector, deps.refs, deps.clock, { copies: deps.features?.privateCopies });
  const full: TeamsDeps = { ...deps, features: deps.features, connector, messenger };
  const turn = teamsTurn(full);
  // anyone can send a forged token: each is answered 401, and a flood of them is a line a minute in the log
  const refusals = new ThrottledLog(deps.log, REFUSALS_LOG_INTERVAL_MS, deps.clock);
  return {
    connector,
    messenger,
    directory: new TeamsDirectory(connector, deps.refs),
    async requestListener(req, res) {
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === 'too large') return send(res, 413, { error: 'activity too large' });
      const activity = parseActivity(body.toString('utf8'));
      if (typeof activity === 'string') return send(res, 400, { error: activity });
      try {
        const result = await tracked(deps.inFlight, () =>
          connector.process(String(req.headers.authorization ?? ''), activity, turn),
        );
        if (!result) {
          res.writeHead(200);
          res.end();
          return;
        }
        if (result.body === undefined) {
          res.writeHead(result.status);
          res.end();
        } else send(res, result.status, result.body);
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHORIZED') {
          refusals.warn(
            { code: error.code, where: 'teams /api/messages', reason: error.details.reason },
            'refused a request without a valid Bot Framework token (401)',
          );
          return send(res, 401, { error: 'unauthorized' });
        }
        const appError = reportError(deps.log, error, { where: 'teams /api/messages' });
        // nothing was done: the Bot Framework redelivers on 503
        if (appError.code === 'PLATFORM_TEMPORARY' || appError.code === 'STORE_UNAVAILABLE')
          return send(res, 503, { error: 'temporarily unavailable, retry' });
        send(res, 500, { error: 'internal error' });
      }
    },
  };
}

/** The activity, or why it is not one (answered 400: nothing reaches the bot logic). */
export function parseActivity(body: string): TeamsActivity | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const a = value as Partial<TeamsActivity> | null;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return 'body is not an activity object';
  if (typeof a.type !== 'string' || a.type === '') return 'activity.type is missing';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl)) return 'activity.serviceUrl is missing';
  if (typeof a.conversation?.id !== 'string') return 'activity.conversation.id is missing';
  if (typeof a.from?.id !== 'string' || typeof a.recipient?.id !== 'string')
    return 'activity.from/recipient is missing';
  if (a.text !== undefined && typeof a.text !== 'string') return 'activity.text must be a string';
  return a as TeamsActivity;
}
