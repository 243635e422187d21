import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Sentiment from 'sentiment';
import { Coach } from '../../src/coach/coach';
import { defaultPlaybook } from '../../src/playbook/load';
import { STAFF_MESSAGES } from '../fixtures/staffMessages';
import { acceptableCategories, type MamsSentence } from './aspects';

/**
 * `npm run eval`: detection quality. On the MAMS restaurant-review sentences (../shared/data/eval, read from there):
 * slip precision / recall / F1 (a sentence with a negative aspect is a slip) for the detector and, measured in the
 * same run, a plain sentiment-lexicon baseline (negative score → slip); then category accuracy through the fixed
 * aspect mapping. Then the same figures on the project's own staff-message table.
 */
interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const DATA = resolve(__dirname, '../../../shared/data/eval/mams-dev.jsonl');
const GOAL_POINTS = 10;

function score(c: Counts) {
  const precision = c.tp / Math.max(1, c.tp + c.fp);
  const recall = c.tp / Math.max(1, c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function tally(counts: Counts, predicted: boolean, actual: boolean): void {
  if (predicted && actual) counts.tp++;
  else if (predicted) counts.fp++;
  else if (actual) counts.fn++;
  else counts.tn++;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

function detectionTable(rows: Array<[string, Counts, number]>): string {
  const lines = [
    row(['classifier', 'precision', 'recall', 'F1', 'tp / fp / fn / tn', 'time']),
    row(['---', '---', '---', '---', '---', '---']),
  ];
  for (const [name, c, ms] of rows) {
    const s = score(c);
    lines.push(
      row([name, pct(s.precision), pct(s.recall), pct(s.f1), `${c.tp} / ${c.fp} / ${c.fn} / ${c.tn}`, `${ms} ms`]),
    );
  }
  return lines.join('\n');
}

function main(): number {
  const coach = new Coach();
  const playbook = defaultPlaybook();
  const sentiment = new Sentiment();
  const detect = (text: string) => coach.read(text, playbook, 'eval').detection;
  const out: string[] = [];

  if (!existsSync(DATA)) {
    out.push(`MAMS: skipped (${DATA} not found)`);
  } else {
    const sentences = readFileSync(DATA, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as MamsSentence);
    const ours: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    const baseline: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    let categoryRight = 0;
    let categoryScored = 0;
    let negatives = 0;
    const t0 = Date.now();
    const detections = sentences.map((s) => detect(s.text));
    const oursMs = Date.now() - t0;
    const t1 = Date.now();
    const lexicon = sentences.map((s) => sentiment.analyze(s.text).score < 0);
    const baselineMs = Date.now() - t1;
    sentences.forEach((s, i) => {
      const d = detections[i]!;
      tally(ours, d.isSlip, s.has_negative);
      tally(baseline, lexicon[i]!, s.has_negative);
      if (!s.has_negative) return;
      negatives++;
      if (!d.isSlip) return;
      categoryScored++;
      if (acceptableCategories(s).has(d.categoryId!)) categoryRight++;
    });
    const gain = (score(ours).f1 - score(baseline).f1) * 100;
    out.push(
      `MAMS restaurant-review sentences: ${sentences.length} (${negatives} with a negative aspect)`,
      '',
      detectionTable([
        ['recovery-coach detector', ours, oursMs],
        ['baseline: sentiment lexicon (score < 0)', baseline, baselineMs],
      ]),
      '',
      `F1 gain over the baseline: ${gain.toFixed(1)} points (goal: at least ${GOAL_POINTS}) → ${gain >= GOAL_POINTS ? 'met' : 'MISSED'}`,
      `Category accuracy on detected negative sentences (fixed aspect mapping, test/eval/aspects.ts): ${pct(categoryRight / Math.max(1, categoryScored))} (${categoryRight} of ${categoryScored})`,
      '',
    );
  }

  const staff: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const staffBaseline: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let right = 0;
  let slips = 0;
  let severityRight = 0;
  let severityChecked = 0;
  const misses: string[] = [];
  const t2 = Date.now();
  for (const c of STAFF_MESSAGES) {
    const d = detect(c.text);
    tally(staff, d.isSlip, c.category !== null);
    tally(staffBaseline, sentiment.analyze(c.text).score < 0, c.category !== null);
    if (c.category !== null) {
      slips++;
      if (d.categoryId === c.category) right++;
      else misses.push(`  expected ${c.category}, got ${d.categoryId ?? 'no slip'}: ${c.text}`);
    } else if (d.isSlip) misses.push(`  expected no slip, got ${d.categoryId}: ${c.text}`);
    if (c.severity && d.isSlip) {
      severityChecked++;
      if (d.severity === c.severity) severityRight++;
    }
  }
  out.push(
    `Staff-message table (test/fixtures/staffMessages.ts): ${STAFF_MESSAGES.length} messages, ${slips} slips`,
    '',
    detectionTable([
      ['recovery-coach detector', staff, Date.now() - t2],
      ['baseline: sentiment lexicon (score < 0)', staffBaseline, 0],
    ]),
    '',
    `Category accuracy on the slips: ${pct(right / Math.max(1, slips))} (${right} of ${slips}); severity where given: ${severityRight} of ${severityChecked}`,
    ...(misses.length > 0 ? ['Misses:', ...misses] : []),
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main();
