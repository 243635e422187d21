import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { RedisSlipStore } from '../../src/infra/redis/slipStore';
import { RedisVenueLearningStore } from '../../src/infra/redis/venueLearningStore';
import { defaultPlaybook } from '../../src/playbook/load';
import { StaticPlaybookSource } from '../../src/playbook/store';
import { VenueLearning } from '../../src/slips/venueLearning';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';
import { deleteByPrefix, testRedisUrl, uniquePrefix } from '../helpers/redis';
import { message, serviceWith, sharedCoach } from '../helpers/slips';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');
const TENANT = 'slack-T0LEARN';

describe('recovery-coach model status | retrain (against Redis)', () => {
  const prefix = uniquePrefix('cli');
  const env = cleanEnv({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix });
  const run = (args: string[]) => runCommand(process.execPath, [BIN, ...args], { env });
  let redis: Redis;
  let examples: RedisVenueLearningStore;

  beforeAll(async () => {
    redis = new Redis(testRedisUrl());
    examples = new RedisVenueLearningStore(redis, { prefix });
    // what the bot itself records as staff work: two slips logged by hand, one marked "not a slip"
    const playbooks = new StaticPlaybookSource(defaultPlaybook());
    const learning = new VenueLearning({ store: examples, coach: sharedCoach(), playbooks });
    const { service } = serviceWith({ slips: new RedisSlipStore(redis, { prefix }), learning, playbooks });
    const say = (text: string) => message(text, { tenant: TENANT });
    await service.report(say('rm 405 the minibar fridge is warm again, guest says the milk went off'), { force: true });
    await service.report(say('rm 212 the shower is leaking into the hallway, guest annoyed'), { force: true });
    const chatter = await service.report(say('T9 waited 40 min for mains, guest fuming'));
    if (chatter.kind !== 'reported') throw new Error('expected a slip');
    await service.act(TENANT, chatter.slip.id, 'alex', { kind: 'dismiss' });
  });
  afterAll(async () => {
    await deleteByPrefix(redis, prefix);
    await redis.quit();
  });

  it('status says what the workspace taught and that a retrain is due; retrain trains it; both say so in plain words', async () => {
    const before = await run(['model', 'status', '--workspace', 'T0LEARN']);
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    expect(before.stdout).toContain(`${TENANT}: 3 taught examples (1 not a slip, 0 wrong category, 2 logged by hand).`);
    expect(before.stdout).toContain('No venue layer');
    expect(before.stdout).toContain('Changes are waiting');

    const retrained = await run(['model', 'retrain', '--workspace', TENANT]);
    expect(retrained.code).toBe(0);
    expect(retrained.stdout).toMatch(new RegExp(`^Retrained ${TENANT}'s layer from 3 examples in \\d+ ms`));
    expect(retrained.stdout).toContain('Up to date.');
    expect(await examples.loadLayer(TENANT)).toMatchObject({ format: 'venue-layer/1', examples: expect.any(Array) });
    // another workspace has nothing
    const other = await run(['model', 'status', '--workspace', 'T0OTHER']);
    expect(other.stdout).toContain('slack-T0OTHER: 0 taught examples');
  });

  it('forgetting a guest takes their words out of the taught examples and the layer too', async () => {
    const forgot = await run(['forget', '--workspace', TENANT, '--guest', 'rm 405']);
    expect(forgot.code).toBe(0);
    expect(JSON.stringify(await examples.examples(TENANT))).not.toContain('405');
    const layer = await examples.loadLayer(TENANT);
    expect(layer!.examples.map((e) => e.text).join(' ')).not.toContain('405');
    expect(layer!.examples.map((e) => e.text).join(' ')).toContain('[guest] the minibar fridge');
  });

  it('without a workspace or an action it prints the usage and exits 2', async () => {
    for (const args of [
      ['model', 'status'],
      ['model', 'frob', '--workspace', 'T1'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: recovery-coach model status');
    }
  });
});
