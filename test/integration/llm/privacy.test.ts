import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import { FakeOpenAI } from '../../helpers/fakeOpenAI';
import { CARDS, EMAILS, leaks, PHONES } from '../../helpers/pii';
import { dumpPrefix, testRedisUrl } from '../../helpers/redis';
import {
  buttonPress,
  cardedSlip,
  postedSlip,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';
import { CHANNEL, cardOf, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

const GOOD = {
  is_slip: true,
  category: 'wrong_order',
  severity: 'medium',
  acknowledge: ["So sorry, that's not what you ordered."],
  correct: ['Re-fire the dish now.'],
  connect: ['Check back when it lands.'],
  gestures: ['Drink or dessert on us'],
  guest_ref: null,
};

/** A model that answers with guest data and markup of every kind (what a prompt injection could make it say). */
const HOSTILE = {
  ...GOOD,
  acknowledge: [
    `So sorry <!channel> <@U999> **now** [guest portal](https://evil.example/login), mail ${EMAILS.join(' or ')}`,
  ],
  correct: [`Refund to ${CARDS.join(', ')} at once`],
  connect: [`Call ${PHONES.join(' or ')} <at>Boss</at> \u202Eevil\u202C ~gone~`],
};

/** Every sample of guest data, in one message (each card in its own separator style). */
const PII = `cards ${CARDS.join(' and ')}; mail ${EMAILS.join(' or ')}; call ${PHONES.join(' or ')}`;

/** What of the guest data samples, or of the markup a model may write, is in `text`. */
function unsafe(text: string): string[] {
  const markup = ['<!channel>', '<@U999>', '](https://', '<https://', '<at>Boss', '\u202E', '**now**'];
  return [...leaks(text), ...markup.filter((m) => text.includes(m))];
}

/**
 * Guest data on the model path: nothing a person types (the message, the form's guest, the fix note, the follow-up
 * promise) reaches the model's prompt, and nothing a model says (guest data, mentions, links, markdown, bidi) is
 * stored, cached or rendered as it said it.
 */
describe('the model path keeps guest data out and markup harmless (Slack and Teams)', () => {
  const model = new FakeOpenAI();
  let slack: SlackTestApp;
  let teams: TeamsTestApp;
  const env = () => ({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_TIMEOUT_MS: '3000',
    OPENAI_BORDERLINE: 'true',
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
    await model.handling.idle();
    slack.fake.reset();
    teams.fake.reset();
    model.requests.length = 0;
    model.reply = () => ({ json: GOOD });
  });

  /** Everything the model was sent so far, as one string. */
  const prompts = () => JSON.stringify(model.requests.map((r) => r.messages));

  it('Slack: the message, the /recover form (guest too), the fix note and the promise never reach the prompt', async () => {
    const slip = await postedSlip(slack, `T12 got the wrong steak, guest annoyed, ${PII}`);
    // a message the rules find borderline (it names a guest) is shown to the model as well
    await slack.message(`T6 is not thrilled with the risotto, ${PII}`);
    await slack.command('', { channel_id: 'C1' }, { expectReply: false });
    const [open] = await slack.fake.waitFor('views.open');
    await slack.interaction(
      viewSubmission('rc_recover_modal', String((open!.body.view as { private_metadata: string }).private_metadata), {
        text: { value: { type: 'plain_text_input', value: `T15 charged twice, guest furious, ${PII}` } },
        guest: { value: { type: 'plain_text_input', value: `${CARDS[2]} ${EMAILS[0]} ${PHONES[0]}` } },
      }),
    );
    await slack.fake.waitFor('chat.postMessage', 2);
    await slack.quiet();
    slack.fake.reset();

    await slack.interaction(buttonPress(slack, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef }));
    await slack.interaction(buttonPress(slack, ACTION_IDS.correct, slip.id, { messageTs: slip.cardRef }));
    const [correct] = await slack.fake.waitFor('views.open');
    const fixed = await slack.interaction(
      viewSubmission(
        'rc_correct_modal',
        String((correct!.body.view as { private_metadata: string }).private_metadata),
        {
          fix: { value: { type: 'plain_text_input', value: `refunded ${PII}`.slice(0, 500) } },
        },
      ),
    );
    expect(fixed.body).toBe('');
    await slack.interaction(buttonPress(slack, ACTION_IDS.followup, slip.id, { messageTs: slip.cardRef }));
    const [followUp] = await slack.fake.waitFor('views.open', 2);
    const promised = await slack.interaction(
      viewSubmission(
        'rc_followup_modal',
        String((followUp!.body.view as { private_metadata: string }).private_metadata),
        {
          due: { value: { type: 'datetimepicker', selected_date_time: Math.floor(Date.now() / 1000) + 3600 } },
          promise: { value: { type: 'plain_text_input', value: `call back on ${PHONES[1]} or ${EMAILS[1]}` } },
        },
      ),
    );
    expect(promised.body).toBe('');
    // a later slip for the same guest is read by the model too (as a repeat)
    await postedSlip(slack, 'T12 got the wrong wine now, guest annoyed');
    await slack.quiet();
    await model.handling.idle();

    expect(model.requests.length).toBeGreaterThanOrEqual(3);
    expect(unsafe(prompts())).toEqual([]);
    // the messages did reach the model, redacted
    for (const kind of ['[card]', '[email]', '[phone]']) expect(prompts()).toContain(kind);
    const stored = await slack.web.core.slips.get(TENANT, slip.id);
    expect(stored).toMatchObject({ status: 'corrected', followUp: { status: 'scheduled' } });
  });

  it('Teams: the post, "Recover from this message" (guest too), the fix note and the promise never reach the prompt', async () => {
    const { id } = await teams.channelPost(`T22 got the wrong steak, guest annoyed, ${PII}`);
    await teams.fake.waitForSent(1);
    const slip = (await teams.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    const submitted = await teams.messageAction(
      'composeExtension/submitAction',
      { id: '1700000000777', html: '<p>guest on 24 not happy</p>' },
      {
        data: {
          text: `T24 charged twice, guest furious, ${PII}`,
          guest: `${CARDS[5]} ${EMAILS[0]} ${PHONES[1]}`,
        },
      },
    );
    expect(submitted.json).toEqual({});
    const where = { conversationId: `${CHANNEL};messageid=${slip.threadRef}`, replyToId: slip.cardRef };
    await teams.execute('rc.acknowledge', { slipId: slip.id }, where);
    await teams.execute('rc.correct', { slipId: slip.id, fix: `refunded ${PII}`.slice(0, 500) }, where);
    const due = DateTime.now().setZone('America/Chicago').plus({ hours: 2 });
    await teams.execute(
      'rc.followup',
      {
        slipId: slip.id,
        date: due.toISODate(),
        time: due.toFormat('HH:mm'),
        promise: `call back on ${PHONES[0]} or ${EMAILS[1]}`,
      },
      where,
    );
    await teams.quiet();
    await model.handling.idle();

    expect(model.requests.length).toBeGreaterThanOrEqual(2);
    expect(unsafe(prompts())).toEqual([]);
    // the messages did reach the model, redacted
    for (const kind of ['[card]', '[email]', '[phone]']) expect(prompts()).toContain(kind);
    expect(await teams.web.core.slips.get(TEAMS_TENANT, slip.id)).toMatchObject({
      status: 'corrected',
      followUp: { status: 'scheduled' },
    });
  });

  it('Slack: what a model says is redacted and made plain before it is stored, cached or put on the card', async () => {
    model.reply = () => ({ json: HOSTILE });
    const { ts } = await slack.message('T31 got the wrong pasta, guest annoyed');
    const [update] = await slack.fake.waitFor('chat.update', 1, 8000);
    const slip = await cardedSlip(slack, ts);
    expect(slip.advice.engine).toBe('openai');
    expect(unsafe(JSON.stringify(slip))).toEqual([]);
    expect(unsafe(JSON.stringify(update!.body))).toEqual([]);
    expect(JSON.stringify(update!.body.blocks)).toContain('[card]');
    const redis = new Redis(testRedisUrl());
    try {
      expect(leaks(await dumpPrefix(redis, slack.env.REDIS_PREFIX!))).toEqual([]);
    } finally {
      await redis.quit();
    }
  });

  it('Teams: what a model says is redacted and made plain before it is stored or put on the card', async () => {
    model.reply = () => ({ json: HOSTILE });
    const { id } = await teams.channelPost('T32 got the wrong pasta, guest annoyed');
    const [update] = await teams.fake.waitFor('update', 1, 8000);
    const slip = (await teams.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.advice.engine).toBe('openai');
    expect(unsafe(JSON.stringify(slip))).toEqual([]);
    const card = JSON.stringify(cardOf(update!.body));
    expect(card).toContain('Tailored by AI');
    expect(unsafe(card)).toEqual([]);
    expect(unsafe(String(update!.body.text))).toEqual([]);
  });
});
