import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRedis } from '../../src/infra/redis/embedded';

/** One line of the benchmark table: a figure, its goal, and the same figure for a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** e.g. ">= 5000" or "<= 100"; "ratio <= 1.5" compares value/baseline. */
  goal: string;
  baseline?: { name: string; value: number };
  met?: boolean;
}

export type Bench = () => Promise<BenchRow[]>;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Whether a row meets its goal ("<= 100", ">= 5000", "ratio <= 1.5"). */
export function meets(row: BenchRow): boolean {
  const match = row.goal.match(/^(ratio )?(<=|>=|<|>) ?([\d.]+)$/);
  if (!match) return true;
  const subject = match[1] ? row.value / (row.baseline?.value ?? Number.NaN) : row.value;
  const target = Number(match[3]);
  switch (match[2]) {
    case '<=':
      return subject <= target;
    case '>=':
      return subject >= target;
    case '<':
      return subject < target;
    default:
      return subject > target;
  }
}

export function table(rows: BenchRow[]): string {
  const header = ['figure', 'value', 'goal', 'baseline (same run)', 'ratio', 'met'];
  const lines = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.goal,
    r.baseline ? `${r.baseline.name}: ${r.baseline.value} ${r.unit}` : '–',
    r.baseline ? `${round(r.value / r.baseline.value, 2)}x` : '–',
    meets(r) ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** A throwaway redis-server for the benchmarks (no AOF: we measure the app, not the disk). */
export async function benchRedis(): Promise<EmbeddedRedis> {
  const redis = new EmbeddedRedis({ dir: mkdtempSync(join(tmpdir(), 'rc-bench-')), appendOnly: false });
  await redis.start();
  return redis;
}
