import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { seedPlaybook } from '../compose';
import { withCardComps } from '../comps/compLog';
import { type Config, loadConfig } from '../config';
import { AppError } from '../errors';
import { RedisChannelStore } from '../infra/redis/channelStore';
import { RedisCompLog } from '../infra/redis/compLog';
import { createRedis, waitForReady } from '../infra/redis/connection';
import { pingRedis } from '../infra/redis/embedded';
import { RedisInsightsStore } from '../infra/redis/insightsStore';
import { RedisPlaybookStore } from '../infra/redis/playbookStore';
import { RedisSlipStore } from '../infra/redis/slipStore';
import { InsightsService } from '../insights/service';
import { diffPlaybooks, summarize } from '../playbook/diff';
import { formatIssues, parsePlaybookYaml, playbookToYaml, readPlaybookText } from '../playbook/load';
import { forgetGuest } from '../slips/retention';
import { COMPS_HELP, formatComps, parseCompsArgs } from './compsCommand';
import { formatInsights, INSIGHTS_HELP, parseInsightsArgs } from './insightsCommand';
import type { CliIO, StoreCommand } from './main';
import { learningFor, modelCommand, parseModelArgs } from './modelCommands';

/** A Redis URL safe to print: without its password. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/** "T0123" (a Slack team id) or a full tenant id ("slack-T0123", "teams-…", "shell-local"). */
export function tenantOf(workspace: string): string {
  return /^(slack|teams|shell)-/.test(workspace) ? workspace : `slack-${workspace}`;
}

async function connect(url: string | undefined): Promise<Redis> {
  const target =
    url ?? process.env.REDIS_URL ?? ((await pingRedis('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined);
  if (!target)
    throw new AppError('REDIS_MISSING', 'No Redis to read from: set REDIS_URL or pass --redis redis://host:6379.');
  if (!isRedisUrl(target))
    throw new AppError('BAD_INPUT', `"${redactUrl(target)}" is not a Redis URL: use redis://host:6379 or rediss://…`);
  const redis = createRedis(target, 'store');
  redis.on('error', () => undefined);
  try {
    await waitForReady(redis, 5000);
  } catch (error) {
    // stop reconnecting, or the command would never exit
    redis.disconnect();
    throw new AppError(
      'STORE_UNAVAILABLE',
      `Could not reach Redis at ${redactUrl(target)} within 5 s. Is it running? Set REDIS_URL or pass --redis.`,
      { cause: error },
    );
  }
  return redis;
}

function isRedisUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'redis:' || protocol === 'rediss:') && hostname !== '';
  } catch {
    // not a URL at all
    return false;
  }
}

async function withRedis<T>(args: { redis?: string }, run: (redis: Redis, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const redis = await connect(args.redis ?? config.redisUrl);
  try {
    return await run(redis, config);
  } finally {
    redis.disconnect();
  }
}

function withStore<T>(
  args: { redis?: string },
  run: (store: RedisPlaybookStore, config: Config) => Promise<T>,
): Promise<T> {
  return withRedis(args, (redis, config) =>
    run(new RedisPlaybookStore(redis, { prefix: config.redisPrefix, seed: seedPlaybook(config) }), config),
  );
}

const exportCommand: StoreCommand = async (argv, io: CliIO) => {
  const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' }, redis: { type: 'string' } } });
  if (!values.workspace)
    throw new AppError('BAD_INPUT', 'Which workspace? --workspace T0123 (or a tenant id such as shell-local)');
  const tenant = tenantOf(values.workspace);
  await withStore(values, async (store) => {
    const { playbook, version } = await store.current(tenant);
    io.stdout.write(`# recovery-coach playbook for ${tenant}, version ${version}\n${playbookToYaml(playbook)}`);
  });
  return 0;
};

const importCommand: StoreCommand = async (argv, io: CliIO) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, redis: { type: 'string' }, author: { type: 'string' } },
  });
  const file = positionals[0];
  if (!values.workspace || !file)
    throw new AppError('BAD_INPUT', 'usage: recovery-coach playbook import --workspace T0123 playbook.yaml');
  const parsed = parsePlaybookYaml(readPlaybookText(file));
  if (!parsed.ok) {
    io.stderr.write(`${file} is not a valid playbook; nothing was imported:\n${formatIssues(parsed.issues)}\n`);
    return 1;
  }
  const tenant = tenantOf(values.workspace);
  const author = values.author ?? `cli:${safeUser()}`;
  await withStore(values, async (store) => {
    const current = await store.current(tenant);
    const summary = `Imported ${file}: ${summarize(diffPlaybooks(current.playbook, parsed.playbook))}`;
    const meta = await store.save(tenant, parsed.playbook, { expectedVersion: current.version, author, summary });
    io.stdout.write(`Saved as version ${meta.version} of ${tenant}: ${summary}\n`);
  });
  return 0;
};

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export const FORGET_HELP = `usage: recovery-coach forget --workspace <T0123|tenant> --guest "rm 405" [--redis url]

  Removes a guest's references on request: every slip naming them loses the reference, and the words that named
  them are replaced with [guest] in its text, promise and notes. The slips stay, no longer tied to the guest.`;

const forgetCommand: StoreCommand = async (argv, io: CliIO) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      guest: { type: 'string' },
      redis: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.stdout.write(`${FORGET_HELP}\n`);
    return 0;
  }
  if (!values.workspace || !values.guest?.trim()) throw new AppError('BAD_INPUT', FORGET_HELP);
  const tenant = tenantOf(values.workspace);
  const changed = await withRedis(values, async (redis, config) => {
    const learning = learningFor(redis, config);
    // a forgotten guest leaves the venue's taught examples too, and the layer built from them: retrained once
    let taught = false;
    const scrubbed = await forgetGuest(
      new RedisSlipStore(redis, { prefix: config.redisPrefix }),
      tenant,
      values.guest!,
      async (slip) => {
        if (await learning.rewrite(tenant, slip.id, slip.text)) taught = true;
      },
    );
    if (taught) await learning.retrain(tenant);
    return scrubbed;
  });
  io.stdout.write(
    changed === 0
      ? `No slips in ${tenant} name "${values.guest}".\n`
      : `Removed "${values.guest}" from ${changed} slip${changed === 1 ? '' : 's'} in ${tenant}.\n`,
  );
  return 0;
};

const modelStoreCommand: StoreCommand = async (argv, io: CliIO) => {
  const args = parseModelArgs(argv);
  const tenant = tenantOf(args.workspace);
  return withRedis(args, (redis, config) => modelCommand(learningFor(redis, config), tenant, args.action, io));
};

const insightsCommand: StoreCommand = async (argv, io: CliIO) => {
  const args = parseInsightsArgs(argv);
  if (args === 'help') {
    io.stdout.write(`${INSIGHTS_HELP}\n`);
    return 0;
  }
  const tenant = tenantOf(args.workspace);
  const figures = await withRedis(args, async (redis, config) => {
    const prefix = { prefix: config.redisPrefix };
    // one channel's figures only for a channel this workspace watches (a typo is an error, not an empty report)
    if (args.channel !== undefined && !(await new RedisChannelStore(redis, prefix).isWatched(tenant, args.channel)))
      throw new AppError('BAD_INPUT', `${args.channel} is not a channel watched in ${tenant}.`);
    return new InsightsService({
      counters: new RedisInsightsStore(redis, prefix),
      playbooks: new RedisPlaybookStore(redis, { ...prefix, seed: seedPlaybook(config) }),
    }).report(tenant, args.days, undefined, args.channel);
  });
  io.stdout.write(formatInsights(figures, args.format));
  return 0;
};

const compsCommand: StoreCommand = async (argv, io: CliIO) => {
  const args = parseCompsArgs(argv);
  if (args === 'help') {
    io.stdout.write(`${COMPS_HELP}\n`);
    return 0;
  }
  const tenant = tenantOf(args.workspace);
  const since = Date.now() - args.days * 86_400_000;
  const entries = await withRedis(args, async (redis, config) => {
    const prefix = { prefix: config.redisPrefix };
    const log = await new RedisCompLog(redis, prefix).list(tenant, since);
    // a comp can be given on a slip reported a while before: look back a week further for those
    const slips = await new RedisSlipStore(redis, prefix).list(tenant, { since: since - 7 * 86_400_000 });
    const { playbook } = await new RedisPlaybookStore(redis, { ...prefix, seed: seedPlaybook(config) }).current(tenant);
    return withCardComps(log, slips, playbook.venue.currency, since);
  });
  io.stdout.write(formatComps(entries, args.format));
  return 0;
};

/** Commands that read or write a running deployment's Redis. */
export const STORE_COMMANDS: Record<string, StoreCommand> = {
  model: modelStoreCommand,
  'playbook export': exportCommand,
  'playbook import': importCommand,
  forget: forgetCommand,
  insights: insightsCommand,
  comps: compsCommand,
};
