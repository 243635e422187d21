import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import { DRAFT_ACTIONS } from '../../../src/platforms/slack/listeners/recoverCommand';
import {
  buttonPress,
  cardedSlip,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';
import { channelMessage } from '../../helpers/slackRequests';

const OTHER = 'slack-T2';

/**
 * The whole loop a venue teaches its detector through, with real parts: "Wrong category?" on Slack cards, the
 * examples in Redis, the retrain job in the worker (BullMQ), and the web role reading with the new layer.
 */
describe('Slack: a venue teaches its own detector', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ VENUE_TYPE: 'hotel', LEARNING_DELAY_MS: '0' });
    await app.watch('C1');
    await app.web.core.channels.watch({ tenant: OTHER, channel: 'C1', by: 'UM', at: Date.now() });
  });
  afterAll(() => app.stop());

  async function slipFor(text: string, team = 'T1') {
    const event = channelMessage(text, { team });
    await app.event(event, { team_id: team, authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }] });
    const ts = String(event.ts);
    const slip = team === 'T1' ? await cardedSlip(app, ts) : undefined;
    await app.quiet();
    return slip ?? (await app.web.core.slips.findByMessage(`slack-${team}`, 'C1', ts));
  }

  async function recategorize(slipId: string, cardTs: string, categoryId: string) {
    app.fake.reset();
    await app.interaction(buttonPress(app, ACTION_IDS.recategorize, slipId, { messageTs: cardTs }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    expect(view.callback_id).toBe('rc_recategorize_modal');
    const submitted = await app.interaction(
      viewSubmission('rc_recategorize_modal', String(view.private_metadata), {
        category: { value: { type: 'static_select', selected_option: { value: categoryId } } },
      }),
    );
    expect(submitted.status).toBe(200);
    return app.fake.waitFor('chat.update');
  }

  it('"Wrong category?" moves the card to the right steps, and the next similar message lands there, in this workspace only', async () => {
    // the messages say what broke: "the minibar fridge is warm" alone reads as chatter to the model (under 50%), and
    // only a carded slip has a "Wrong category?" to press
    const similar = 'rm 512 the minibar fridge stopped cooling again, guest says the milk went off';
    const before = await slipFor(similar);

    const taught = [
      'rm 210 minibar fridge stopped cooling, guest says the milk went off',
      'the minibar fridge in 418 stopped cooling again, their drinks are warm',
    ];
    // both posted before either correction: once the first is learned, the second may already read as the target
    const slips: Array<NonNullable<Awaited<ReturnType<typeof slipFor>>>> = [];
    for (const text of taught) slips.push((await slipFor(text))!);
    // a category none of them has yet: a correction to the category a card already shows changes nothing
    const target = ['billing', 'room_problem'].find(
      (id) => id !== before!.categoryId && slips.every((slip) => slip.categoryId !== id),
    )!;
    for (const slip of slips) {
      const [update] = await recategorize(slip.id, slip.cardRef!, target);
      const stored = (await app.web.core.slips.get(TENANT, slip.id))!;
      expect(stored.categoryId).toBe(target);
      expect(stored.timeline.at(-1)).toMatchObject({ kind: 'recategorized', by: 'U1' });
      // the card shows the right category's own advice, in place
      expect(update!.body.ts).toBe(slip.cardRef);
      expect(JSON.stringify(update!.body.blocks)).toContain(stored.advice.categoryName);
    }
    // the worker retrains from the examples (LEARNING_DELAY_MS=0): wait for the job, then for the web to see it
    await app.quiet();
    const status = await app.web.core.learning.status(TENANT);
    expect(status).toMatchObject({ examples: 2, bySource: { recategorized: 2 }, upToDate: true });
    const deadline = Date.now() + 15_000;
    while ((await app.web.core.learning.layerFor(TENANT))?.version !== status.changes) {
      if (Date.now() > deadline) throw new Error(`the web role never read layer version ${status.changes}`);
      await new Promise((r) => setTimeout(r, 20));
    }

    expect((await slipFor(similar))!.categoryId).toBe(target);
    // another workspace on the same server reads it as before
    expect((await slipFor(similar, 'T2'))!.categoryId).toBe(before!.categoryId);
    expect((await app.web.core.learning.status(OTHER)).examples).toBe(0);
  });

  it('"Not a slip" and /recover are kept as the venue\'s examples; reopening takes the "not a slip" back', async () => {
    const slip = (await slipFor('pool towels ran out again at 3, guests grumbling on the deck'))!;
    await app.interaction(buttonPress(app, ACTION_IDS.dismiss, slip.id, { messageTs: slip.cardRef }));
    await app.quiet();
    let examples = await app.web.core.learning.status(TENANT);
    expect(examples.bySource.dismissed).toBe(1);
    await app.interaction(buttonPress(app, ACTION_IDS.reopen, slip.id, { messageTs: slip.cardRef }));
    await app.quiet();
    examples = await app.web.core.learning.status(TENANT);
    expect(examples.bySource.dismissed).toBe(0);

    const preview = await app.command('the ice machine on 3 is leaking into the hallway again');
    const draftId = (preview.json!.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find(
      (b) => b.type === 'actions',
    )!.elements![1]!.value;
    await app.interaction(buttonPress(app, DRAFT_ACTIONS.log, draftId));
    await app.quiet();
    expect((await app.web.core.learning.status(TENANT)).bySource.logged).toBe(1);
  });

  it('a category that is not in the playbook is a field error and changes nothing', async () => {
    const slip = (await slipFor('rm 301 the safe will not open, guest locked out of their passport'))!;
    app.fake.reset();
    await app.interaction(buttonPress(app, ACTION_IDS.recategorize, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    const refused = await app.interaction(
      viewSubmission('rc_recategorize_modal', String(view.private_metadata), {
        category: { value: { type: 'static_select', selected_option: { value: '<!channel> free stuff' } } },
      }),
    );
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { category: expect.any(String) } });
    expect((await app.web.core.slips.get(TENANT, slip.id))!.categoryId).toBe(slip.categoryId);
  });
});
