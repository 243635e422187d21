import { FakeOpenAI } from '../helpers/fakeOpenAI';
import { type SlackTestApp, startSlackTestApp } from '../helpers/slackApp';
import { type Bench, benchRedis, percentile, round } from './lib';

const MESSAGES = 40;
const MODEL_DELAY_MS = 2000;
const GOOD = {
  is_slip: true,
  category: 'wrong_order',
  severity: 'medium',
  acknowledge: ["So sorry, that's not what you ordered."],
  correct: ['Re-fire it now as a priority.'],
  connect: ['Check back when it lands.'],
  gestures: [],
  guest_ref: null,
};

/** Time from each channel message to its card being posted (ms), and how many cards were later tailored. */
async function timeToCard(app: SlackTestApp, label: string): Promise<{ ms: number[]; updated: number }> {
  const ms: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const before = app.fake.callsOf('chat.postMessage').length;
    const start = Date.now();
    await app.message(`T${i + 1} got the wrong steak (${label} ${i}), guest annoyed`);
    await app.fake.waitFor('chat.postMessage', before + 1, 10_000);
    ms.push(Date.now() - start);
  }
  await new Promise((r) => setTimeout(r, MODEL_DELAY_MS + 500));
  return { ms, updated: app.fake.callsOf('chat.update').length };
}

/**
 * A model that takes 2 s to answer must not slow the first card: the time from a channel message to its card with
 * the model on, against the same app with the rules engine only, measured in the same run.
 */
export const modelBench: Bench = async () => {
  const redis = await benchRedis();
  process.env.TEST_REDIS_URL = redis.url;
  const model = new FakeOpenAI();
  await model.start();
  model.reply = () => ({ json: GOOD, delayMs: MODEL_DELAY_MS });
  const rules = await startSlackTestApp({ REDIS_PREFIX: 'bench-rules' });
  const tailored = await startSlackTestApp({
    REDIS_PREFIX: 'bench-model',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_TIMEOUT_MS: '4000',
  });
  try {
    await rules.watch();
    await tailored.watch();
    await timeToCard(rules, 'warm-up');
    await timeToCard(tailored, 'warm-up');
    const baseline = await timeToCard(rules, 'rules');
    const withModel = await timeToCard(tailored, 'model');
    const p50 = (xs: number[]) => round(percentile(xs, 50));
    const p99 = (xs: number[]) => round(percentile(xs, 99));
    return [
      {
        name: 'time to first card p50, model answering in 2 s',
        value: p50(withModel.ms),
        unit: 'ms',
        goal: 'ratio <= 1.5',
        baseline: { name: 'rules only', value: p50(baseline.ms) },
      },
      {
        name: 'time to first card p99, model answering in 2 s',
        value: p99(withModel.ms),
        unit: 'ms',
        goal: '<= 500',
        baseline: { name: 'rules only', value: p99(baseline.ms) },
      },
      {
        name: 'cards then tailored in place (of 40)',
        value: withModel.updated - MESSAGES,
        unit: 'cards',
        goal: '>= 40',
      },
    ];
  } finally {
    await rules.stop();
    await tailored.stop();
    await model.stop();
    await redis.stop();
  }
};
