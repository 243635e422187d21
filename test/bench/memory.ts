import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { RedisChannelStore } from '../../src/infra/redis/channelStore';
import { FakeSlack } from '../helpers/fakeSlack';
import { cleanEnv, ROOT } from '../helpers/processes';
import { channelMessage, eventEnvelope, postSigned, SIGNING_SECRET } from '../helpers/slackRequests';
import { type Bench, benchRedis, round } from './lib';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Node flags the Docker image runs with, so the figure is the shipped configuration's. */
function dockerNodeOptions(): string[] {
  const line = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8').match(/^ENV NODE_OPTIONS="([^"]*)"/m);
  return line ? line[1]!.split(/\s+/).filter(Boolean) : [];
}

/**
 * Resident memory of the production artifact (compiled dist/, `node dist/main.js web` with Slack configured and the
 * Docker image's Node flags), idle and after 2,000 channel messages; the baseline is a bare Node process.
 */
export const memoryBench: Bench = async () => {
  execFileSync(
    process.execPath,
    [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', resolve(ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  const redis = await benchRedis();
  const fake = new FakeSlack();
  await fake.start();
  const port = 39_000 + Math.floor(Math.random() * 1000);
  const env = cleanEnv({
    NODE_ENV: 'production',
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'benchmem',
    LOG_LEVEL: 'warn',
  });
  const web = spawn(process.execPath, [...dockerNodeOptions(), resolve(ROOT, 'dist/main.js'), 'web'], {
    cwd: ROOT,
    env,
    stdio: 'ignore',
  });
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      if ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok) break;
      await sleep(100);
    }
    // a manager watches the channel, then the first message loads the coach (the English model) as in real use
    const client = new Redis(redis.url);
    await new RedisChannelStore(client, { prefix: 'benchmem' }).watch({
      tenant: 'slack-T1',
      channel: 'C1',
      by: 'U1',
      at: Date.now(),
    });
    client.disconnect();
    await postSigned(
      `${url}/slack/events`,
      JSON.stringify(eventEnvelope(channelMessage('warm up'))),
      'application/json',
    );
    await sleep(5000);
    const idle = rssMb(web.pid!);
    const bareRss = rssMb(bare.pid!);
    for (let i = 0; i < 2000; i += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          postSigned(
            `${url}/slack/events`,
            JSON.stringify(eventEnvelope(channelMessage(`T${(i + j) % 40} got the wrong steak ${i + j}`))),
            'application/json',
          ),
        ),
      );
    for (let waited = 0; fake.callsOf('chat.postMessage').length < 2000 && waited < 60_000; waited += 250)
      await sleep(250);
    const carded = fake.callsOf('chat.postMessage').length;
    if (carded < 2000) throw new Error(`only ${carded} of 2,000 messages were carded`);
    await sleep(2000);
    const loaded = rssMb(web.pid!);
    return [
      {
        name: 'resident memory, web role idle',
        value: idle,
        unit: 'MB',
        goal: '<= 150',
        baseline: { name: 'bare node', value: bareRss },
      },
      {
        name: 'resident memory after 2,000 events',
        value: loaded,
        unit: 'MB',
        goal: '<= 250',
        baseline: { name: 'bare node', value: bareRss },
      },
    ];
  } finally {
    web.kill('SIGTERM');
    bare.kill('SIGKILL');
    await new Promise((r) => web.on('exit', r));
    await fake.stop();
    await redis.stop();
  }
};
