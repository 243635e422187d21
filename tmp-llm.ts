import { FakeOpenAI } from './test/helpers/fakeOpenAI';
import { OpenAISuggester } from './src/infra/openai/openaiSuggester';
import { defaultPlaybook } from './src/playbook/load';
(async () => {
  const fake = new FakeOpenAI(); await fake.start();
  const pb = defaultPlaybook();
  const s = new OpenAISuggester({ apiKey: 'k', model: 'm', baseUrl: fake.baseUrl, timeoutMs: 2000, maxRetries: 1 });
  const input = { playbook: pb, role: pb.roles[0]!, text: 'T12 got the wrong steak', earlierForGuest: 0 };
  fake.reply = () => ({ json: { is_slip: true, category: 'wrong_order', severity: 'medium', acknowledge: ['a'], correct: ['b'], connect: ['c'], gestures: [], guest_ref: 'T12' } });
  console.log(JSON.stringify(await s.read(input)));
  console.log(JSON.stringify(fake.requests[0]!.response_format).slice(0, 400));
  for (const r of [{ json: { is_slip: true, category: 'nope' } }, { content: '{not json' }, { refusal: 'no' }, { status: 429 }, { status: 503 }, { hangUp: true }, { json: {}, delayMs: 3000 }] as const) {
    fake.reply = () => r as never;
    const t = Date.now();
    await s.read(input).then(() => console.log('ok?'), (e) => console.log(JSON.stringify(r).slice(0, 40), e.code, Date.now() - t, 'ms', fake.requests.length));
  }
  await fake.stop();
})();
