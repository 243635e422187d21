import {
  CHANNEL,
  cardOf,
  MANAGER,
  STAFF,
  startTeamsTestApp,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';
import { adaptiveCardErrors, haveCardSchema } from '../../helpers/teamsSchemas';

type InvokeBody = { statusCode: number; type: string; value: unknown };

/** "Wrong category?" in the Adaptive Card: the picker is in the card, the press moves the slip for everyone. */
describe('Teams: Wrong category?', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({ LEARNING_DELAY_MS: '0' });
    await app.watch();
  });
  afterAll(() => app.stop());

  async function newSlip(text: string) {
    const { id } = await app.channelPost(text);
    const [reply] = await app.fake.waitForSent(1);
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    app.fake.reset();
    return { slip, card: cardOf(reply!.body) };
  }

  const press = (slipId: string, category: string, cardRef?: string) =>
    app.execute(
      'rc.recategorize',
      { slipId, category },
      { conversationId: `${CHANNEL};messageid=root`, replyToId: cardRef },
    );

  it('the card carries the picker; picking moves the slip, updates the card for everyone, and is kept to learn from', async () => {
    const { slip, card } = await newSlip('T8 the card machine froze twice, guest had to wait to pay');
    const text = JSON.stringify(card);
    expect(text).toContain('Wrong category?');
    expect(text).toContain('"id":"category"');
    expect(text).toContain(`"value":"${slip.categoryId}"`);
    if (haveCardSchema) expect(adaptiveCardErrors(card)).toEqual([]);

    const target = slip.categoryId === 'long_wait' ? 'billing' : 'long_wait';
    const answered = await press(slip.id, target, slip.cardRef);
    expect(answered.status).toBe(200);
    const stored = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    expect(stored.categoryId).toBe(target);
    const answer = JSON.stringify((answered.json as unknown as InvokeBody).value);
    expect(answer).toContain(stored.advice.categoryName);
    const updates = app.fake.calls.filter((c) => c.method === 'update' && c.activityId === slip.cardRef);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.body.attachments)).toContain(stored.advice.categoryName);
    await app.quiet();
    expect(await app.web.core.learning.status(TEAMS_TENANT)).toMatchObject({
      bySource: { recategorized: 1 },
      upToDate: true,
    });
  });

  it('a category the playbook does not have is refused on the card and changes nothing', async () => {
    const { slip } = await newSlip('T3 soup was cold, guest unhappy');
    const refused = await press(slip.id, 'free_stuff', slip.cardRef);
    expect(JSON.stringify((refused.json as unknown as InvokeBody).value)).toContain('There is no category');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.categoryId).toBe(slip.categoryId);
  });
  it('into a category the playbook keeps private: the channel card becomes the one-line notice, for everyone', async () => {
    const current = await app.web.core.playbooks.current(TEAMS_TENANT);
    await app.web.core.playbooks.save(
      TEAMS_TENANT,
      {
        ...current.playbook,
        categories: current.playbook.categories.map((c) => (c.id === 'rude_staff' ? { ...c, private: true } : c)),
      },
      { expectedVersion: current.version, author: 'manager', summary: 'rude staff private' },
    );
    const { slip } = await newSlip('T14 got the wrong wine, guest annoyed');
    expect(slip.private).toBeFalsy();
    const answered = await press(slip.id, 'rude_staff', slip.cardRef);
    expect(JSON.stringify(answered.json)).toContain('A private slip was logged');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!).toMatchObject({ private: true });
    const updates = app.fake.calls.filter((c) => c.method === 'update' && c.activityId === slip.cardRef);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]!.body)).not.toContain('wrong wine');
    expect(updates[0]!.body.attachments ?? []).toEqual([]);
    // the card now lives in the reporter's 1:1 chat (opened for them: they posted in the team), with its buttons
    const moved = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    const [toReporter] = app.fake.sent(`a:personal-${STAFF.id}`);
    expect(JSON.stringify(cardOf(toReporter!.body))).toContain('wrong wine');
    expect(moved).toMatchObject({ cardChannel: `a:personal-${STAFF.id}`, cardRef: expect.any(String) });
    expect(moved.cardRef).not.toBe(slip.cardRef);
    expect(app.fake.sent(CHANNEL)).toEqual([]);
  });

  it("into a private category when the reporter's chat cannot be opened: a later press never redraws the card in the channel", async () => {
    // rude_staff is private from the test before
    await app.personal('help', MANAGER);
    await app.quiet();
    // not "wrong X, guest annoyed": the test before taught this workspace that such a message is rude_staff, so
    // (once the venue layer has retrained, which LEARNING_DELAY_MS 0 makes a race) it would land there directly
    const { slip } = await newSlip('T15 the risotto came out cold and gluey');
    expect(slip.categoryId).not.toBe('rude_staff');
    // Teams refuses every message to the reporter's 1:1 chat: the card cannot move there
    app.fake.failWhen((call) =>
      call.method === 'send' && call.conversationId.startsWith(`a:personal-${STAFF.id}`) ? { status: 403 } : undefined,
    );
    const answered = await press(slip.id, 'rude_staff', slip.cardRef);
    expect(JSON.stringify(answered.json)).toContain('A private slip was logged');
    await app.quiet();
    app.fake.reset();
    // a manager acts on the slip from their own chat (their home card)
    const acked = await app.execute(
      'rc.acknowledge',
      { slipId: slip.id },
      { from: MANAGER, conversationId: `a:personal-${MANAGER.id}` },
    );
    expect(acked.status).toBe(200);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');
    const inChannel = app.fake.calls.filter((c) => c.conversationId.startsWith(CHANNEL));
    expect(JSON.stringify(inChannel)).not.toContain('risotto');
  });
});
