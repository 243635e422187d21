import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Coach } from '../../src/coach/coach';
import { loadSlipModel, MODEL_DIR, MODEL_FILE } from '../../src/coach/modelFiles';
import { suggestByRules } from '../../src/coach/rulesAdvice';
import { sharedTokenizer } from '../../src/coach/tokenizer';
import { defaultPlaybook } from '../../src/playbook/load';
import { findRole, type Playbook } from '../../src/playbook/schema';
import { LONG_WORD_SHAPES, longWord, SLACK_MAX_CHARS } from '../fixtures/longWords';
import { STAFF_MESSAGES } from '../fixtures/staffMessages';
import { type Bench, type BenchRow, round } from './lib';

/**
 * Detection + suggestion for one message at a time, on one core, over the staff-message table (repeated). Baseline:
 * the same messages through wink-nlp's tokenizer alone, the floor any NLP-based detector pays.
 */
export const detectionBench: Bench = async () => {
  const playbook = defaultPlaybook('mixed');
  const coach = new Coach();
  const role = findRole(playbook, 'server');
  const texts = STAFF_MESSAGES.map((m) => m.text);
  const rounds = 300;
  const assess = (text: string) => {
    const reading = coach.read(text, playbook, 'bench');
    if (reading.detection.isSlip)
      suggestByRules({
        text: reading.text,
        detection: { ...reading.detection, categoryId: reading.detection.categoryId! },
        playbook,
        role,
        earlierForGuest: 0,
      });
  };
  for (const text of texts) assess(text); // warm up
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const text of texts) assess(text);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const tokenizer = sharedTokenizer();
  const baseStart = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const text of texts) tokenizer.tokenize(text);
  const baseSeconds = Number(process.hrtime.bigint() - baseStart) / 1e9;
  const n = rounds * texts.length;
  return [
    {
      name: 'detection + suggestion throughput (1 core)',
      value: Math.round(n / seconds),
      unit: 'msg/s',
      goal: '>= 5000',
      baseline: { name: 'wink-nlp tokenize only', value: Math.round(n / baseSeconds) },
    },
    { name: 'detection + suggestion per message', value: round((seconds / n) * 1e6, 0), unit: 'µs', goal: '<= 200' },
    longWordScaling(coach, playbook),
    modelLoad(),
  ];
};

/**
 * Loading the shipped model (model file and word vectors, checked) as start-up does, best of five; baseline: only
 * reading and JSON-parsing the model file, the floor of any loader of this format.
 */
function modelLoad(): BenchRow {
  const best = (work: () => unknown) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      work();
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
    }
    return fastest;
  };
  const file = join(MODEL_DIR, MODEL_FILE);
  return {
    name: 'model load (model file + word vectors, checked)',
    value: round(
      best(() => loadSlipModel()),
      1,
    ),
    unit: 'ms',
    goal: '<= 1000',
    baseline: {
      name: 'read + JSON.parse of the model file',
      value: round(
        best(() => JSON.parse(readFileSync(file, 'utf8'))),
        1,
      ),
    },
  };
}

/**
 * Reads of Slack-maximum messages made of one unbroken word (the shapes that once cost seconds each), against the
 * same words at a tenth of the length: a message ten times longer may cost at most ten times more. The quadratic
 * patterns this row guards against cost a hundred times more.
 */
function longWordScaling(coach: Coach, playbook: Playbook): BenchRow {
  const timeOf = (length: number) => {
    let total = 0;
    for (const shape of LONG_WORD_SHAPES) {
      const text = longWord(shape, length);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        coach.read(text, playbook, 'bench');
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      total += best;
    }
    return total;
  };
  const short = timeOf(SLACK_MAX_CHARS / 10);
  return {
    name: `${LONG_WORD_SHAPES.length} unbroken 40,000-char words, one read each`,
    value: round(timeOf(SLACK_MAX_CHARS), 2),
    unit: 'ms',
    goal: 'ratio <= 10',
    baseline: { name: 'the same words at 4,000 chars', value: round(short, 2) },
  };
}
