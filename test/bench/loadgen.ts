import { createHmac } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load generator in its own process (as Slack is): `concurrency` keep-alive clients send signed slash commands
 * until `total` are done. It also plays Slack's response URL, so it times both the ack (the HTTP response) and the
 * answer (the app's POST to the response URL). Prints {"ack": [ms…], "answer": [ms…]} on stdout.
 * Usage: loadgen <url> <concurrency> <total> <secret>
 */
const [url = '', concurrencyArg = '50', totalArg = '1000', secret = ''] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const total = Number(totalArg);
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const TEXTS = [
  'T12 got the wrong steak, guest annoyed',
  'rm 405 no hot water',
  'table 9 waited 40 min for mains',
  'guest on 4 says the server was rude',
];

const started = new Map<number, number>();
const answers: number[] = [];
let sinkUrl = '';

/** The response URL: records when each answer arrives. */
function startSink(): Promise<void> {
  const sink = createServer((req, res) => {
    const id = Number((req.url ?? '').split('/').pop());
    req.resume();
    req.on('end', () => {
      const start = started.get(id);
      if (start !== undefined) answers.push(performance.now() - start);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  sink.unref();
  return new Promise((resolve) =>
    sink.listen(0, '127.0.0.1', () => {
      sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/r`;
      resolve();
    }),
  );
}

function send(i: number): Promise<number> {
  const body = new URLSearchParams({
    token: 'x',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: `U${i % 30}`,
    command: '/recover',
    text: TEXTS[i % TEXTS.length]!,
    response_url: `${sinkUrl}/${i}`,
    trigger_id: `t${i}`,
    api_app_id: 'A1',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const start = performance.now();
  started.set(i, start);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  await startSink();
  const latencies: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < total) latencies.push(await send(next++));
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  // answers sent through the response URL may still be on their way: wait until they stop arriving
  let seen = -1;
  while (answers.length !== seen) {
    seen = answers.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  agent.destroy();
  process.stdout.write(JSON.stringify({ ack: latencies, answer: answers }));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
