import type { Server } from 'node:http';
import type { WebClient } from '@slack/web-api';
import { type Core, type CoreExtras, createCore } from '../compose';
import type { Config } from '../config';
import { AppError } from '../errors';
import { createHttpServer, listen } from '../infra/http/server';
import { RedisSlackInstallationStore } from '../infra/redis/slackInstallationStore';
import type { Logger } from '../log';
import { createSlackPlatform, type SlackPlatform } from '../platforms/slack/app';
import { SlackDirectory, SlackMessenger } from '../platforms/slack/messenger';

export interface WebRole {
  core: Core;
  server: Server;
  port: number;
  slack?: SlackPlatform;
  stop(): Promise<void>;
}

/**
 * The web role: one HTTP server for Slack events (HTTP mode) or a Socket Mode connection, plus /healthz and /readyz.
 * It answers people and schedules work; the worker role delivers it.
 */
export async function startWeb(
  config: Config,
  log: Logger,
  redisUrl: string,
  extras: CoreExtras = {},
): Promise<WebRole> {
  let slack: SlackPlatform | undefined;
  const clientFor = (tenant: string): Promise<WebClient> => {
    if (!slack) throw new AppError('INTERNAL', 'Slack is not configured');
    return slack.clientFor(tenant);
  };
  const core = await createCore(config, log, redisUrl, {
    directory: config.slack ? new SlackDirectory(clientFor, { managerGroup: config.slack.managerGroup }) : undefined,
    messenger: config.slack ? new SlackMessenger(clientFor) : undefined,
    ...extras,
  });
  if (config.slack) {
    slack = createSlackPlatform({
      config: config.slack,
      deps: core,
      installationStore: config.slack.oauth
        ? new RedisSlackInstallationStore(core.redis, { prefix: config.redisPrefix })
        : undefined,
    });
  }
  const server = createHttpServer({
    log,
    slack: slack?.requestListener,
    ready: { redis: async () => (await core.redis.ping()) === 'PONG' },
  });
  const port = await listen(server, config.port);
  await slack?.start();
  log.info({ port, slack: config.slack?.mode ?? 'off' }, 'web role listening');
  return {
    core,
    server,
    port,
    slack,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await slack?.stop();
      await core.close();
    },
  };
}
