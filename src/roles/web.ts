import type { Server } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Core } from '../compose';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { HandoffService } from '../handoff/service';
import { createHttpServer, listen } from '../infra/http/server';
import type { Logger } from '../log';
import { createSlackPlatform, type SlackPlatform } from '../platforms/slack/app';
import { SlackDirectory } from '../platforms/slack/messenger';
import { createTeamsPlatform, type TeamsPlatform } from '../platforms/teams/app';
import { PlaybookEditor } from '../playbook/editor';
import { type Jobs, queueDepths } from './jobs';
import { createRuntime, type Runtime, type RuntimeExtras } from './runtime';

export interface WebRole {
  core: Core;
  /** What the process built once (the Redis client, the queues, the stores); shared with a worker role in `all`. */
  runtime: Runtime;
  handoffs: HandoffService;
  jobs: Jobs;
  server: Server;
  port: number;
  slack?: SlackPlatform;
  teams?: TeamsPlatform;
  /** Resolves when no request's work is running (listeners after the ack, tailoring); false after timeoutMs. */
  idle(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The web role: one HTTP server for Slack events (HTTP mode) or a Socket Mode connection, plus /healthz and /readyz.
 * It answers people and schedules work; the worker role delivers it.
 */
export async function startWeb(
  config: Config,
  log: Logger,
  source: string | Runtime,
  extras: RuntimeExtras = {},
): Promise<WebRole> {
  // a runtime handed in is the process's (shared with a worker role, closed by its owner); a URL makes our own
  const owned = typeof source === 'string';
  const runtime = owned ? await createRuntime(config, log, source, extras) : source;
  const { core, jobs, handoffs } = runtime;
  let slack: SlackPlatform | undefined;
  const clientFor = (tenant: string): Promise<WebClient> => {
    if (!slack) throw new AppError('INTERNAL', 'Slack is not configured');
    return slack.clientFor(tenant);
  };
  if (config.slack)
    runtime.directories.add('slack', new SlackDirectory(clientFor, { managerGroup: config.slack.managerGroup }));
  core.metrics.watchQueues(() => queueDepths(jobs));
  const editor = new PlaybookEditor({ store: core.playbooks, permissions: core.permissions });
  if (config.slack) {
    slack = createSlackPlatform({
      config: config.slack,
      deps: { ...core, handoffs },
      editor,
      installationStore: runtime.slackInstallations,
    });
  }
  let teams: TeamsPlatform | undefined;
  if (config.teams) {
    // botbuilder itself is loaded inside, only when Teams is configured: it is large
    teams = createTeamsPlatform(config.teams, {
      ...core,
      handoffs,
      editor,
      refs: runtime.teamsRefs,
    });
    runtime.directories.add('teams', teams.directory);
  }
  const server = createHttpServer({
    log,
    slack: slack?.requestListener,
    slackOAuth: Boolean(config.slack?.oauth),
    teams: teams?.requestListener,
    ready: { redis: async () => (await runtime.redis.ping()) === 'PONG' },
    // a web role without workers still answers people (reminders wait in Redis), so this informs, not decides
    info: { workers: async () => (await jobs.followUpQueue.getWorkers()).length },
    metrics: () => core.metrics.render(),
    metricsToken: config.metricsToken,
    count: (route, status) => core.metrics.httpRequests.inc({ route, status: String(status) }),
  });
  const port = await listen(server, config.port);
  await slack?.start();
  log.info({ port, slack: config.slack?.mode ?? 'off', teams: teams ? 'on' : 'off' }, 'web role listening');
  return {
    core,
    runtime,
    handoffs,
    jobs,
    server,
    port,
    slack,
    teams,
    idle: (timeoutMs) => core.inFlight.idle(timeoutMs),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // idle keep-alive sockets would hold close() open; requests being answered finish first
        server.closeIdleConnections?.();
      });
      // a message acked but not yet handled would be lost: let it finish, within the shutdown budget
      if (!(await core.inFlight.idle(config.shutdownTimeoutMs)))
        log.warn({ running: core.inFlight.size }, 'stopped with request work still running');
      server.closeAllConnections?.();
      await slack?.stop();
      if (owned) await runtime.close();
    },
  };
}
