import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { Coach } from '../coach/coach';
import { sharedSlipModel } from '../coach/modelFiles';
import { seedPlaybook } from '../compose';
import type { Config } from '../config';
import { AppError } from '../errors';
import { RedisPlaybookStore } from '../infra/redis/playbookStore';
import { RedisVenueLearningStore } from '../infra/redis/venueLearningStore';
import { type LearningStatus, VenueLearning } from '../slips/venueLearning';
import type { CliIO } from './main';

export const MODEL_HELP = `usage: recovery-coach model status  --workspace <T0123|tenant> [--redis url]
       recovery-coach model retrain --workspace <T0123|tenant> [--redis url]

  status   what the workspace has taught its detector ("Not a slip", "Wrong category?", slips logged by hand), and
           whether its layer over the shipped model is up to date
  retrain  trains the workspace's layer now from all its examples (the worker does this on its own a little while
           after each correction: LEARNING_DELAY_MS)`;

/** The workspace's learning, over its Redis, with the shipped model loaded from MODEL_DIR. */
export function learningFor(redis: Redis, config: Config): VenueLearning {
  const prefix = { prefix: config.redisPrefix };
  return new VenueLearning({
    store: new RedisVenueLearningStore(redis, prefix),
    coach: new Coach({ model: sharedSlipModel(config.modelDir) }),
    playbooks: new RedisPlaybookStore(redis, { ...prefix, seed: seedPlaybook(config) }),
  });
}

export function parseModelArgs(argv: string[]): { action: 'status' | 'retrain'; workspace: string; redis?: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, redis: { type: 'string' }, help: { type: 'boolean' } },
  });
  const action = positionals[0];
  if (values.help || (action !== 'status' && action !== 'retrain') || !values.workspace)
    throw new AppError('BAD_INPUT', MODEL_HELP);
  return { action, workspace: values.workspace, ...(values.redis ? { redis: values.redis } : {}) };
}

export async function modelCommand(
  learning: VenueLearning,
  tenant: string,
  action: 'status' | 'retrain',
  io: CliIO,
): Promise<number> {
  if (action === 'retrain') {
    const result = await learning.retrain(tenant);
    io.stdout.write(
      result.kind === 'trained'
        ? `Retrained ${tenant}'s layer from ${result.used} example${result.used === 1 ? '' : 's'} in ${result.ms} ms (version ${result.version}).\n`
        : `${tenant} has taught nothing yet (or only about retired categories): it reads with the shipped model alone.\n`,
    );
  }
  io.stdout.write(`${statusText(tenant, await learning.status(tenant))}\n`);
  return 0;
}

export function statusText(tenant: string, status: LearningStatus): string {
  const by = status.bySource;
  const lines = [
    `${tenant}: ${status.examples} taught example${status.examples === 1 ? '' : 's'} ` +
      `(${by.dismissed} not a slip, ${by.recategorized} wrong category, ${by.logged} logged by hand).`,
  ];
  const layer = status.layer;
  if (layer)
    lines.push(
      `Venue layer: version ${layer.version}, trained ${new Date(layer.trainedAt).toISOString()} from ` +
        `${layer.examples} examples, over model ${layer.modelVersion}` +
        `${layer.current ? '' : ` (the shipped model is now ${status.modelVersion}: it is read without the layer until retrained)`}.`,
    );
  else lines.push(`No venue layer: reading with the shipped model ${status.modelVersion} alone.`);
  lines.push(
    status.upToDate
      ? 'Up to date.'
      : `Changes are waiting: the worker retrains shortly, or run: recovery-coach model retrain --workspace ${tenant}`,
  );
  return lines.join('\n');
}
