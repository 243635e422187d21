import { FakeOpenAI } from '../../helpers/fakeOpenAI';
import { type SlackTestApp, startSlackTestApp } from '../../helpers/slackApp';
import { CHANNEL, cardOf, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

const TIMEOUT_MS = 1500;
const GOOD = {
  is_slip: true,
  category: 'wrong_order',
  severity: 'medium',
  acknowledge: ["So sorry, that's not the ribeye you asked for."],
  correct: ['Re-fire a medium-rare ribeye now.'],
  connect: ['Check back when it lands.'],
  gestures: ['Drink or dessert on us'],
  guest_ref: 'T12',
};

describe('the rules card first, the model version in place (Slack and Teams)', () => {
  const model = new FakeOpenAI();
  let slack: SlackTestApp;
  let teams: TeamsTestApp;
  const env = () => ({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_TIMEOUT_MS: String(TIMEOUT_MS),
  });

  beforeAll(async () => {
    await model.start();
    slack = await startSlackTestApp(env(), { worker: false });
    await slack.watch();
    teams = await startTeamsTestApp(env(), { worker: false });
    await teams.watch();
  });
  afterAll(async () => {
    await slack.stop();
    await teams.stop();
    await model.stop();
  });
  beforeEach(async () => {
    await Promise.all([slack.quiet(), teams.quiet()]);
    slack.fake.reset();
    teams.fake.reset();
  });

  it('Slack: the rules card is posted before the model answers, then updated in place with the tailored one', async () => {
    let answered = 0;
    model.reply = () => {
      answered = Date.now() + 400;
      return { json: GOOD, delayMs: 400 };
    };
    await slack.message('T12 got the wrong steak, guest annoyed');
    const [posted] = await slack.fake.waitFor('chat.postMessage');
    expect(JSON.stringify(posted!.body.blocks)).toContain('From your venue playbook');
    const [update] = await slack.fake.waitFor('chat.update', 1, 5000);
    // the card did not wait for the model: it was posted before the model's answer was even sent
    expect(answered).toBeGreaterThan(0);
    expect(posted!.at).toBeLessThan(answered);
    const blocks = JSON.stringify(update!.body.blocks);
    expect(blocks).toContain('Tailored by AI');
    expect(blocks).toContain('the ribeye you asked for');
    const slip = (await slack.web.core.slips.list('slack-T1', { limit: 50 })).find((x) =>
      x.text.startsWith('T12 got'),
    )!;
    expect(update!.body.ts).toBe(slip.cardRef);
  });

  it('Slack: a model slower than the timeout leaves the rules card, and nothing changes later', async () => {
    model.reply = () => ({ json: GOOD, delayMs: TIMEOUT_MS + 500 });
    await slack.message('T14 got the wrong pasta, guest annoyed');
    await slack.fake.waitFor('chat.postMessage');
    // the tailoring gave up at its deadline; then the model's late answer is sent (or dropped), and whatever it
    // could set off has run: only then is "no update" a fact
    await slack.quiet();
    await model.handling.idle();
    await slack.quiet();
    expect(slack.fake.callsOf('chat.update')).toEqual([]);
  });

  it('Teams: the Adaptive Card is replied first, then updated in place by the tailored one', async () => {
    model.reply = () => ({ json: GOOD, delayMs: 300 });
    const { id } = await teams.channelPost('T12 got the wrong steak, guest annoyed');
    const [reply] = await teams.fake.waitForSent(1);
    expect(JSON.stringify(cardOf(reply!.body))).toContain('From your playbook');
    const [update] = await teams.fake.waitFor('update', 1, 5000);
    const slip = (await teams.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(update!.activityId).toBe(slip.cardRef);
    const card = JSON.stringify(cardOf(update!.body));
    expect(card).toContain('Tailored by AI from your playbook');
    expect(card).toContain('the ribeye you asked for');
  });
});
