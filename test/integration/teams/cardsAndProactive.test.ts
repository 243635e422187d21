import { previousBoundary } from '../../../src/handoff/schedule';
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

describe('Teams: card buttons, proactive reminders and handoffs', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  async function newSlip(text: string) {
    const { id } = await app.channelPost(text);
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    app.fake.reset();
    return slip;
  }

  const press = (verb: string, data: Record<string, unknown>, options: Parameters<TeamsTestApp['execute']>[2] = {}) =>
    app.execute(verb, data, { conversationId: `${CHANNEL};messageid=root`, ...options });

  it('Acknowledge answers the invoke with the updated card, in place, and PUTs the card message for everyone', async () => {
    const slip = await newSlip('T12 got the wrong steak, guest annoyed');
    const response = await press('rc.acknowledge', { slipId: slip.id }, { replyToId: slip.cardRef });
    expect(response.status).toBe(200);
    const body = response.json as unknown as InvokeBody;
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(body.value);
    expect(card).toContain('Dana Reyes acknowledged at');
    expect(card).not.toContain('"verb":"rc.acknowledge"');
    if (haveCardSchema) expect(adaptiveCardErrors(body.value)).toEqual([]);
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');
    // the invoke answer replaces the card for the presser only; the others see the card message updated (PUT),
    // which is made before that answer: it is here now if ever
    const updates = app.fake.calls.filter((c) => c.method === 'update' && c.activityId === slip.cardRef);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.conversationId.split(';')[0]).toBe(CHANNEL);
    const updated = JSON.stringify(updates[0]!.body.attachments);
    expect(updated).toContain('acknowledged at');
    expect(updated).not.toContain('"verb":"rc.acknowledge"');
  });

  it('a gesture over the reporter limit is refused on the card and changes nothing; within it, it is recorded', async () => {
    const slip = await newSlip('T5 steak overcooked, guest unhappy');
    await press('rc.acknowledge', { slipId: slip.id });
    const over = await press('rc.correct', { slipId: slip.id, gesture: 'Comp the whole bill', cost: '500' });
    const refused = JSON.stringify((over.json as unknown as InvokeBody).value);
    expect(refused).toContain('⚠');
    expect(refused).toMatch(/limit|manager/i);
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');

    const bad = await press('rc.correct', { slipId: slip.id, cost: 'lots' });
    expect(JSON.stringify((bad.json as unknown as InvokeBody).value)).toContain('Enter a cost of 0 or more.');

    const ok = await press('rc.correct', {
      slipId: slip.id,
      fix: 'new steak on the pass',
      gesture: 'Dessert or drink on us',
      cost: '9',
    });
    expect(JSON.stringify((ok.json as unknown as InvokeBody).value)).toContain('Dessert or drink on us');
    expect(await app.web.core.slips.get(TEAMS_TENANT, slip.id)).toMatchObject({
      status: 'corrected',
      gesture: { label: 'Dessert or drink on us', cost: 9 },
    });
  });

  it('a press for a slip from another tenant or nowhere finds nothing', async () => {
    const response = await press('rc.acknowledge', { slipId: '999999' });
    expect(response.status).toBe(200);
    expect((response.json as unknown as InvokeBody).value).toBe('There is no slip #999999.');
  });

  it('a follow-up due now reaches the owner in a 1:1 chat; Done (recovered) records it and answers the card', async () => {
    const slip = await newSlip('rm 214 no hot water, guest annoyed');
    await app.web.core.service.act(TEAMS_TENANT, slip.id, STAFF.aadObjectId, {
      kind: 'schedule_followup',
      dueAt: Date.now() + 200,
      promise: 'engineer before 9pm',
    });
    const [create] = await app.fake.waitFor('create', 1, 10_000);
    expect(create!.body).toMatchObject({ isGroup: false, members: [{ id: STAFF.id }], tenantId: expect.any(String) });
    const [dm] = await app.fake.waitForSent(1, 10_000);
    expect(dm!.conversationId).toBe(`a:personal-${STAFF.id}`);
    const reminder = JSON.stringify(cardOf(dm!.body));
    expect(reminder).toContain('rm 214');
    expect(reminder).toContain('engineer before 9pm');
    expect(reminder).toContain('rc.fu.recovered');
    if (haveCardSchema) expect(adaptiveCardErrors(cardOf(dm!.body))).toEqual([]);

    const answered = await app.execute(
      'rc.fu.recovered',
      { slipId: slip.id },
      { conversationId: `a:personal-${STAFF.id}`, replyToId: dm!.body.id as string },
    );
    expect(JSON.stringify((answered.json as unknown as InvokeBody).value)).toContain('guest recovered');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.followUp).toMatchObject({
      status: 'done',
      outcome: 'recovered',
    });
  });

  it('Reassign… on a reminder lists the people seen here, refuses anyone else, and reminds the one picked at once', async () => {
    const sam = { id: '29:staff-sam', name: 'Sam Lee', aadObjectId: '00000000-0000-0000-0000-0000000000e5' };
    await app.channelPost('menu meeting at 4 in the back room', { from: sam }); // chatter: Sam is seen, no card
    const slip = await newSlip('rm 310 no towels, guest annoyed');
    await app.web.core.service.act(TEAMS_TENANT, slip.id, STAFF.aadObjectId, {
      kind: 'schedule_followup',
      dueAt: Date.now() + 200,
      promise: 'towels up in 10 minutes',
    });
    const [dm] = await app.fake.waitForSent(1, 10_000, `a:personal-${STAFF.id}`);
    const reminder = cardOf(dm!.body);
    if (haveCardSchema) expect(adaptiveCardErrors(reminder)).toEqual([]);
    const picker = JSON.stringify(reminder);
    expect(picker).toContain('Reassign…');
    expect(picker).toContain('{"title":"Sam Lee","value":"00000000-0000-0000-0000-0000000000e5"}');
    expect(picker).not.toContain(`"value":"${STAFF.aadObjectId}"`); // not the owner themselves

    const where = { conversationId: `a:personal-${STAFF.id}`, replyToId: dm!.body.id as string };
    const forged = await app.execute('rc.fu.reassign', { slipId: slip.id, owner: 'someone-from-elsewhere' }, where);
    expect(JSON.stringify((forged.json as unknown as InvokeBody).value)).toContain('Pick someone from the list');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.owner).toBe(STAFF.aadObjectId);

    app.fake.reset();
    const handed = await app.execute('rc.fu.reassign', { slipId: slip.id, owner: sam.aadObjectId }, where);
    expect(JSON.stringify((handed.json as unknown as InvokeBody).value)).toContain('handed to Sam Lee');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.owner).toBe(sam.aadObjectId);
    const [toSam] = await app.fake.waitForSent(1, 10_000, `a:personal-${sam.id}`);
    expect(JSON.stringify(cardOf(toSam!.body))).toContain('towels up in 10 minutes');
  });

  it('the shift handoff is posted to the channel by the worker, once per boundary', async () => {
    await app.channelPost('shifts 06:00 14:00 22:00 America/Chicago', { mentionBot: true, from: MANAGER });
    const [said] = await app.fake.waitForSent(1);
    expect(String(said!.body.text)).toContain('06:00, 14:00, 22:00');
    await newSlip('T9 waited 50 minutes for mains, guest fuming');
    const schedule = (await app.worker.handoffs.getSchedule(TEAMS_TENANT, CHANNEL))!;
    const boundary = previousBoundary(schedule, Date.now() + 9 * 60 * 60_000);
    // deliver as if the boundary had come (the next one, at most 8 h away)
    const outcomes = await Promise.allSettled([
      app.worker.handoffs.deliver(TEAMS_TENANT, CHANNEL, boundary),
      app.worker.handoffs.deliver(TEAMS_TENANT, CHANNEL, boundary),
    ]);
    // Teams cannot be asked what was posted: the second worker steps back (its job retries later) instead of posting
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'posted')).toHaveLength(1);
    expect(await app.worker.handoffs.deliver(TEAMS_TENANT, CHANNEL, boundary)).toBe('already posted');
    const posts = app.fake.sent().filter((c) => String(c.body.text).startsWith('Handoff:'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.method).toBe('send');
    expect(posts[0]!.conversationId).toBe(CHANNEL);
    const card = cardOf(posts[0]!.body);
    expect(JSON.stringify(card)).toContain('T9');
    if (haveCardSchema) expect(adaptiveCardErrors(card)).toEqual([]);
  });

  it('a connector 429 on a reply is retried, so the card still arrives once', async () => {
    app.fake.fail('reply', 429, { 'retry-after': '1' });
    const { id } = await app.channelPost('T2 the wine is corked, guest annoyed');
    const sent = await app.fake.waitForSent(1, 8000);
    expect(sent).toHaveLength(1);
    expect((await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!.cardRef).toBeDefined();
  });
});
