import { spawn } from 'node:child_process';
import { detectionBench } from './detection';
import { followUpsBench } from './followups';
import { handoffBench } from './handoff';
import { insightsBench } from './insights';
import { learningBench } from './learning';
import { type Bench, type BenchRow, machine, meets, table } from './lib';
import { memoryBench } from './memory';
import { modelBench } from './model';
import { slackAckBench } from './slackAck';

/**
 * `npm run bench`: every benchmark, one table. Each figure has its goal and, where one makes sense, a baseline
 * measured in the same run. `npm run bench -- detection` runs only the named ones. Each benchmark runs in its own
 * process, so none inherits another's heap or timers (the latency figures measured after the detection benchmark's
 * large heap were up to twice as slow at p99).
 */
const BENCHES: Record<string, Bench> = {
  detection: detectionBench,
  slack: slackAckBench,
  followups: followUpsBench,
  handoff: handoffBench,
  insights: insightsBench,
  model: modelBench,
  learning: learningBench,
  memory: memoryBench,
};

/** Runs one benchmark in a child process; its rows come back as JSON on stdout. */
function inChild(name: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`benchmark ${name} failed (exit ${code})`));
      else resolve(JSON.parse(out) as BenchRow[]);
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.indexOf('--child');
  if (child >= 0) {
    const rows = await BENCHES[args[child + 1]!]!();
    process.stdout.write(JSON.stringify(rows));
    process.exit(0);
  }
  const only = args.filter((a) => !a.startsWith('-'));
  const rows: BenchRow[] = [];
  for (const name of Object.keys(BENCHES)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    rows.push(...(await inChild(name)));
  }
  process.stdout.write(`recovery-coach benchmarks on ${machine()}\n\n${table(rows)}\n`);
  const missed = rows.filter((r) => !meets(r));
  if (missed.length > 0) process.stdout.write(`\n${missed.length} figure(s) missed their goal.\n`);
  process.exit(missed.length > 0 ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(2);
});
