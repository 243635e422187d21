import { STEP_OFFER_ACTIONS } from '../../../src/platforms/slack/listeners/threadReplies';
import { buttonPress, postedSlip, type SlackTestApp, TENANT } from '../../helpers/slackApp';
import { quietThenReset, startWatchedSlackApp } from './slackCaptureFixture';

/** The confirm button's offer id in the ephemeral the bot offered. */
function offeredId(call: { body: Record<string, unknown> }): string {
  const blocks = call.body.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === STEP_OFFER_ACTIONS.confirm);
  return button!.value!;
}

function ephemeralTap(app: SlackTestApp, actionId: string, id: string, user = 'U1') {
  const press = buttonPress(app, actionId, id, { user });
  (press.container as Record<string, unknown>).is_ephemeral = true;
  return press;
}

describe('Slack: thread replies in plain words become one-tap steps', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  it('"done, comped dessert" offers the corrected step privately, and records it only on the tap, once', async () => {
    const slip = await postedSlip(app, 'T12 got the wrong steak, guest annoyed');
    await app.message('done, comped dessert', { thread_ts: slip.threadRef });
    await app.quiet();
    const [offer] = app.fake.callsOf('chat.postEphemeral');
    expect(offer!.body).toMatchObject({ channel: 'C1', user: 'U1', thread_ts: slip.threadRef });
    expect(String(offer!.body.text)).toMatch(/Record \*Acknowledged\* and \*Corrected\* \(dessert\) on slip #\d+\?/);
    // nothing recorded before the tap
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('open');
    expect(app.fake.callsOf('chat.postMessage')).toEqual([]);

    const id = offeredId(offer!);
    await app.interaction(ephemeralTap(app, STEP_OFFER_ACTIONS.confirm, id, 'U2'));
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('open');
    // told it is someone else's, not offered anything (an approval) in its place
    expect(app.fake.responses.map((r) => String(r.body.text))).toEqual([
      'Only the person who wrote that reply can confirm it.',
    ]);

    // the offer went to U1; a crafted press by U2 used it up, so U1 replies again
    app.fake.reset();
    await app.message('sorted it, dessert on the house', { thread_ts: slip.threadRef });
    await app.quiet();
    const again = offeredId(app.fake.callsOf('chat.postEphemeral')[0]!);
    await Promise.all([
      app.interaction(ephemeralTap(app, STEP_OFFER_ACTIONS.confirm, again)),
      app.interaction(ephemeralTap(app, STEP_OFFER_ACTIONS.confirm, again)),
    ]);
    await app.quiet();
    const after = (await app.web.core.slips.get(TENANT, slip.id))!;
    expect(after.status).toBe('corrected');
    expect(after.gesture).toEqual({ label: 'dessert', cost: 0 });
    expect(after.timeline.filter((e) => e.kind === 'corrected')).toHaveLength(1);
    expect(after.timeline.find((e) => e.kind === 'corrected')).toMatchObject({ by: 'U1' });
    expect(app.fake.callsOf('chat.update').some((c) => c.body.ts === slip.cardRef)).toBe(true);
    expect(app.fake.responses.some((r) => /Recorded .*Corrected/.test(String(r.body.text)))).toBe(true);
  });

  it('a private slip is not discussed in its thread: a reply gets no offer', async () => {
    const slip = await postedSlip(app, 'T9 got the wrong dessert, guest annoyed');
    await app.web.core.slips.update(TENANT, slip.id, (s) => ({ ...s, private: true }));
    await app.message('done, comped dessert', { thread_ts: slip.threadRef });
    await app.quiet();
    expect(app.fake.callsOf('chat.postEphemeral')).toEqual([]);
  });

  it('"No" records nothing; chatter in the thread and replies outside slips get no offer', async () => {
    const slip = await postedSlip(app, 'T4 waited 40 min for mains, fuming');
    await app.message('guest happy now', { thread_ts: slip.threadRef });
    await app.quiet();
    const id = offeredId(app.fake.callsOf('chat.postEphemeral')[0]!);
    await app.interaction(ephemeralTap(app, STEP_OFFER_ACTIONS.dismiss, id));
    await app.quiet();
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('open');
    app.fake.reset();
    await app.message('who has table 5?', { thread_ts: slip.threadRef });
    await app.message('done, comped dessert', { thread_ts: '1690000000.000100' });
    await app.quiet();
    expect(app.fake.callsOf('chat.postEphemeral')).toEqual([]);
  });
});
