import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { App, HTTPReceiver } from '@slack/bolt';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startWeb } from '../../src/roles/web';
import { FakeSlack } from '../helpers/fakeSlack';
import { SIGNING_SECRET } from '../helpers/slackRequests';
import { type Bench, benchRedis, percentile, round } from './lib';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const REQUESTS = 2000;

/** Runs the load generator in its own process against `url`; latencies (ms) after the warm-up waves. */
async function load(url: string): Promise<{ ack: number[]; answer: number[] }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, 'loadgen.ts'),
      `${url}/slack/events`,
      String(CONCURRENCY),
      String(REQUESTS),
      SIGNING_SECRET,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`load generator failed (${code})`);
  const result = JSON.parse(out) as { ack: number[]; answer: number[] };
  return { ack: result.ack.slice(CONCURRENCY * 2), answer: result.answer.slice(CONCURRENCY * 2) };
}

/**
 * /recover at 50 concurrent signed requests (a load generator in its own process, as Slack is), next to a bare Bolt
 * app that only acks. Our ack carries the answer (the card preview), so its latency is what the person waits for.
 */
export const slackAckBench: Bench = async () => {
  const redis = await benchRedis();
  const fake = new FakeSlack();
  await fake.start();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REDIS_PREFIX: 'bench',
  });
  const web = await startWeb(config, silentLogger(), redis.url);
  const bare = new App({
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' }),
    token: 'xoxb-bench',
    botId: 'B1',
    botUserId: 'UBOT',
    tokenVerificationEnabled: false,
  });
  bare.command('/recover', async ({ ack }) => {
    await ack();
  });
  const server = await (bare as unknown as { receiver: HTTPReceiver }).receiver.start(0);
  try {
    const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // warm both up (JIT, connections, caches), then measure the bare app first so none of our work shares its CPU
    await load(bareUrl);
    await load(`http://127.0.0.1:${web.port}`);
    const baseline = (await load(bareUrl)).ack;
    const { ack, answer } = await load(`http://127.0.0.1:${web.port}`);
    const bareP50 = { name: 'bare Bolt ack', value: round(percentile(baseline, 50)) };
    const bareP99 = { name: 'bare Bolt ack', value: round(percentile(baseline, 99)) };
    const p99 = round(percentile(ack, 99));
    return [
      {
        name: '/recover ack p50 (50 concurrent)',
        value: round(percentile(ack, 50)),
        unit: 'ms',
        goal: '<= 100',
        baseline: bareP50,
      },
      { name: '/recover ack p99 (50 concurrent)', value: p99, unit: 'ms', goal: '<= 100', baseline: bareP99 },
      { name: '/recover ack p99 vs bare Bolt', value: p99, unit: 'ms', goal: 'ratio <= 1.5', baseline: bareP99 },
      // the preview normally rides on the ack; only slow requests answer later through the response URL
      { name: '/recover answered later via response URL', value: answer.length, unit: 'requests', goal: '<= 20' },
    ];
  } finally {
    await bare.stop();
    await web.stop();
    await fake.stop();
    await redis.stop();
  }
};
