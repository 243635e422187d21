import { STEP_OFFER_VERBS } from '../../../src/platforms/teams/cards/stepOffer';
import {
  CHANNEL,
  cardOf,
  MANAGER,
  STAFF,
  startTeamsTestApp,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';

describe('Teams: thread replies in plain words become one-tap steps', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());

  it('"done, comped dessert" gets a small card for its writer; only their press records the step', async () => {
    const { id: root } = await app.channelPost('T12 got the wrong steak, guest annoyed');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, root))!;
    expect(slip.cardRef).toBeDefined();
    app.fake.reset();

    await app.post(app.channelActivity({ id: 'reply-1', text: 'done, comped dessert', root }));
    await app.quiet();
    const [offer] = app.fake.sent(`${CHANNEL};messageid=${root}`);
    expect(offer!.body.text).toMatch(/^Record Acknowledged and Corrected \(dessert\) on slip #\d+\?/);
    const card = JSON.stringify(cardOf(offer!.body));
    expect(card).toContain(STEP_OFFER_VERBS.confirm);
    const offerId = /"offerId":"([^"]+)"/.exec(card)![1]!;
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('open');

    // a teammate's press is refused and leaves the offer for its writer
    const other = await app.execute(
      STEP_OFFER_VERBS.confirm,
      { offerId, user: STAFF.aadObjectId },
      { from: MANAGER, conversationId: `${CHANNEL};messageid=${root}` },
    );
    expect(JSON.stringify(other.json)).toContain('Only the person who wrote that reply');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('open');

    const mine = await app.execute(
      STEP_OFFER_VERBS.confirm,
      { offerId, user: STAFF.aadObjectId },
      { from: STAFF, conversationId: `${CHANNEL};messageid=${root}` },
    );
    expect(JSON.stringify(mine.json)).toContain('Recorded Acknowledged and Corrected (dessert)');
    await app.quiet();
    const after = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    expect(after).toMatchObject({ status: 'corrected', gesture: { label: 'dessert', cost: 0 } });
    expect(app.fake.calls.some((c) => c.method === 'update' && c.activityId === slip.cardRef)).toBe(true);

    // pressed again: nothing more
    const again = await app.execute(
      STEP_OFFER_VERBS.confirm,
      { offerId, user: STAFF.aadObjectId },
      { from: STAFF, conversationId: `${CHANNEL};messageid=${root}` },
    );
    expect(JSON.stringify(again.json)).toContain('expired or was already answered');
    expect(
      (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.timeline.filter((e) => e.kind === 'corrected'),
    ).toHaveLength(1);
  });

  it('chatter in a slip thread gets nothing', async () => {
    const { id: root } = await app.channelPost('T4 waited 40 min for mains, fuming');
    await app.quiet();
    app.fake.reset();
    await app.post(app.channelActivity({ id: 'reply-2', text: 'who has table 5?', root }));
    await app.quiet();
    expect(app.fake.sent(`${CHANNEL};messageid=${root}`)).toEqual([]);
  });
});
