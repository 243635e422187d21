import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pino, { type DestinationStream } from 'pino';
import { sharedSlipModel } from './coach/modelFiles';
import { type Config, hasChatPlatform, loadConfig } from './config';
import { Conversation } from './conversation/conversation';
import { AppError, reportError } from './errors';
import { resolveRedis } from './infra/redis/embedded';
import { createLogger, type Logger } from './log';
import { PlatformMessengers } from './platforms/messengers';
import { ShellMessenger } from './platforms/shell/messenger';
import { SHELL_CHANNEL, SHELL_TENANT, ShellChat } from './platforms/shell/shellChat';
import { createRuntime } from './roles/runtime';
import { startWeb } from './roles/web';
import { startWorker } from './roles/worker';

export type RoleName = 'shell' | 'web' | 'worker' | 'all';

const USAGE = `usage: recovery-coach-server [shell|web|worker|all]
  (no argument)  web + worker when Slack or Teams is configured, else the local shell chat
  shell          the local terminal chat (a pretend #shift-floor channel)
  web            HTTP: Slack events, Teams messages, /healthz, /readyz, /metrics
  worker         delivers follow-up reminders, escalations and shift handoffs
  all            web and worker in one process`;

/** Picks the role from the command line and the configuration. */
export function chooseRole(argument: string | undefined, config: Config): RoleName {
  if (argument === undefined) return hasChatPlatform(config) ? 'all' : 'shell';
  if (argument === 'shell' || argument === 'web' || argument === 'worker' || argument === 'all') return argument;
  throw new AppError('BAD_INPUT', `Unknown role "${argument}".\n${USAGE}`);
}

async function runShell(config: Config, log: Logger): Promise<void> {
  const redis = await resolveRedis({ url: config.redisUrl, dataDir: config.dataDir });
  // the chat prints what the worker delivers (reminders, escalations) into the conversation
  let chat: ShellChat | undefined;
  const runtime = await createRuntime(config, log, redis.url, {
    messenger: new PlatformMessengers({ shell: new ShellMessenger((text) => chat?.notify(text)) }),
    // the shell's cards come from the playbook: no model is loaded for it
    model: null,
  });
  const worker = await startWorker(config, log, runtime);
  const core = runtime.core;
  // the shell chat is a watched channel by definition
  await core.channels.watch({
    tenant: SHELL_TENANT,
    channel: SHELL_CHANNEL,
    name: SHELL_CHANNEL,
    by: 'shell',
    at: Date.now(),
  });
  const interactive = Boolean(process.stdin.isTTY);
  chat = new ShellChat({
    service: core.service,
    slips: core.slips,
    playbooks: core.playbooks,
    input: process.stdin,
    output: process.stdout,
    log,
    interactive,
    user: safeUserName(),
    conversation: new Conversation({ ...core, handoffs: runtime.handoffs }),
  });
  if (interactive) {
    const { playbook, version } = await core.playbooks.current(SHELL_TENANT);
    process.stdout.write(
      `Redis: ${redis.source === 'embedded' ? `started one for you (data in ${config.dataDir}/redis)` : redis.url} · ` +
        `playbook v${version}: ${playbook.venue.name} (${playbook.venue.type})\n`,
    );
  }
  try {
    await chat.run();
  } finally {
    await worker.stop();
    await runtime.close();
    await redis.stop();
  }
}

function shellLogFile(config: Config): DestinationStream {
  mkdirSync(config.dataDir, { recursive: true });
  return pino.destination({ dest: join(config.dataDir, 'recovery-coach.log'), sync: false, mkdir: true });
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    // checked before anything starts (an embedded Redis, a port), so a bad model file leaves nothing running
    sharedSlipModel(config.modelDir);
  } catch (error) {
    process.stderr.write(`recovery-coach: ${(error as Error).message}\n`);
    return 2;
  }
  const role = chooseRole(argv[0], config);
  // the shell chat owns the terminal: its logs go to a file instead
  const log =
    role === 'shell'
      ? createLogger({ level: config.logLevel, destination: shellLogFile(config) })
      : createLogger({ level: config.logLevel });
  switch (role) {
    case 'shell':
      await runShell(config, log);
      return 0;
    case 'web':
    case 'worker':
    case 'all':
      await runService(role, config, log);
      return 0;
  }
}

/** web, worker or both in one process, until SIGTERM. */
async function runService(role: 'web' | 'worker' | 'all', config: Config, log: Logger): Promise<void> {
  if (!config.redisUrl && config.env === 'production')
    throw new AppError('CONFIG_INVALID', 'REDIS_URL: set it in production (the embedded Redis is for local use).');
  const redis = await resolveRedis({ url: config.redisUrl, dataDir: config.dataDir });
  // one runtime per process: in `all` the web and worker roles share its core, queues, stores and metrics
  const runtime = await createRuntime(config, log, redis.url, role === 'worker' ? { model: null } : {});
  const web = role === 'worker' ? undefined : await startWeb(config, log, runtime);
  const worker = role === 'web' ? undefined : await startWorker(config, log, runtime, { http: role === 'worker' });
  await untilSignal(log, config.shutdownTimeoutMs, async () => {
    await web?.stop();
    await worker?.stop();
    await runtime.close();
    await redis.stop();
  });
}

/** Waits for SIGTERM/SIGINT, then runs `stop`; a second signal or the timeout forces the exit. */
function untilSignal(log: Logger, timeoutMs: number, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'shutting down');
      const force = setTimeout(() => {
        log.error({ code: 'INTERNAL' }, `shutdown took longer than ${timeoutMs} ms; exiting`);
        process.exit(1);
      }, timeoutMs);
      force.unref();
      stop()
        .catch((error) => log.error({ err: error }, 'error during shutdown'))
        .finally(() => {
          clearTimeout(force);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/**
 * A promise rejected with nobody listening is a bug, but not one worth taking every shift's bot down for: log it
 * with its code and keep serving.
 */
function logStrayRejections(): void {
  const log = createLogger({ name: 'recovery-coach' });
  process.on('unhandledRejection', (reason) => reportError(log, reason, { where: 'unhandled rejection' }));
}

if (require.main === module) {
  logStrayRejections();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof AppError ? error.message : (error as Error).stack;
      process.stderr.write(`recovery-coach: ${message}\n`);
      process.exitCode = error instanceof AppError && error.code === 'REDIS_MISSING' ? 3 : 1;
    },
  );
}
