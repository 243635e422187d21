import { Coach } from '../../src/coach/coach';
import { suggestByRules } from '../../src/coach/rulesSuggester';
import { sharedTokenizer } from '../../src/coach/tokenizer';
import { defaultPlaybook } from '../../src/playbook/load';
import { findRole } from '../../src/playbook/schema';
import { STAFF_MESSAGES } from '../fixtures/staffMessages';
import { type Bench, round } from './lib';

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
  ];
};
