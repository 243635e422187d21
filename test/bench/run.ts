import { detectionBench } from './detection';
import { followUpsBench } from './followups';
import { handoffBench } from './handoff';
import { type Bench, type BenchRow, machine, meets, table } from './lib';
import { memoryBench } from './memory';
import { modelBench } from './model';
import { slackAckBench } from './slackAck';

/**
 * `npm run bench`: every benchmark, one table. Each figure has its goal and, where one makes sense, a baseline
 * measured in the same run. `npm run bench -- detection` runs only the named ones.
 */
const BENCHES: Record<string, Bench> = {
  detection: detectionBench,
  slack: slackAckBench,
  followups: followUpsBench,
  handoff: handoffBench,
  model: modelBench,
  memory: memoryBench,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const rows: BenchRow[] = [];
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    rows.push(...(await bench()));
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
