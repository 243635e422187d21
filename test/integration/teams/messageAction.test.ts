import { CHANNEL, cardOf, MANAGER, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';
import { adaptiveCardErrors, haveCardSchema } from '../../helpers/teamsSchemas';

type Dialog = { task: { type: string; value: { card?: { content: Record<string, unknown> } } | string } };

/** The form's inputs by id, with the values Teams would show filled in. */
function inputsOf(body: unknown): Record<string, unknown> {
  const value = (body as Dialog).task.value as { card: { content: { body: Array<Record<string, unknown>> } } };
  const inputs = value.card.content.body.filter((e) => String(e.type).startsWith('Input.'));
  return Object.fromEntries(inputs.map((e) => [e.id, e.value]));
}

describe('Teams: "Recover from this message"', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  it('opens a form filled in from the post and the detector, and posts nothing yet', async () => {
    const post = { id: '1700000000001', html: '<p>T12 got the wrong steak &amp; the guest is <b>annoyed</b></p>' };
    const response = await app.messageAction('composeExtension/fetchTask', post, { from: MANAGER });
    expect(response.status).toBe(200);
    expect((response.json as unknown as Dialog).task.type).toBe('continue');
    expect(inputsOf(response.json)).toEqual({
      text: 'T12 got the wrong steak & the guest is annoyed',
      guest: 'T12',
      category: 'wrong_order',
      severity: 'medium',
      private: 'false',
    });
    const form = ((response.json as unknown as Dialog).task.value as { card: { content: Record<string, unknown> } })
      .card.content;
    if (haveCardSchema) expect(adaptiveCardErrors(form)).toEqual([]);
    expect(app.fake.sent()).toEqual([]);
  });

  it('logs the slip as the form says and replies with its card in the post thread, once', async () => {
    const post = { id: '1700000000002', html: '<p>guest on 4 not happy</p>', replyToId: '1700000000000' };
    const data = {
      text: 'T4 waited 50 min for mains, guest not happy',
      guest: 'T4',
      category: 'long_wait',
      severity: 'high',
    };
    const response = await app.messageAction('composeExtension/submitAction', post, { from: MANAGER, data });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({}); // the dialog closes
    const [sent] = await app.fake.waitForSent(1, 5000, CHANNEL);
    // a reply in a thread goes to that thread's first post
    expect(sent!.conversationId).toBe(`${CHANNEL};messageid=1700000000000`);
    expect(JSON.stringify(cardOf(sent!.body))).toContain('T4');
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, '1700000000002'))!;
    expect(slip).toMatchObject({
      categoryId: 'long_wait',
      severity: 'high',
      reporter: MANAGER.aadObjectId,
      guestRef: { text: 'T4' },
      cardRef: expect.any(String),
    });

    app.fake.reset();
    const again = await app.messageAction('composeExtension/submitAction', post, { from: MANAGER, data });
    expect(again.json).toEqual({
      task: { type: 'message', value: `This message is already slip #${slip.id}; its card is in the thread.` },
    });
    // the barrier: the submit's work and its jobs have finished, so nothing more can reach the channel
    await app.quiet();
    // (a high slip also pages the managers in 1:1 chats: only the channel matters here)
    expect(app.fake.sent(CHANNEL)).toEqual([]);
  });

  it('a refused submit shows the form again with the reason and everything typed, and logs nothing', async () => {
    const post = { id: '1700000000003', html: '<p>rm 405 no hot water</p>' };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ text: '  ', guest: 'rm 405' }, /Tell me what happened/],
      [{ text: 'rm 405 no hot water', category: 'not_a_category' }, /There is no category \\"not_a_category\\"/],
      [{ text: 'rm 405 no hot water', severity: 'apocalyptic' }, /Pick a severity from the list/],
    ];
    for (const [data, reason] of cases) {
      const response = await app.messageAction('composeExtension/submitAction', post, { data });
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.json)).toMatch(reason);
      expect(inputsOf(response.json).guest ?? '').toBe(data.guest ?? '');
      if (String(data.text).trim()) expect(inputsOf(response.json).text).toBe(data.text);
    }
    expect(await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, '1700000000003')).toBeUndefined();
    // (an earlier test's high slip may still page the managers in 1:1 chats: only the channel matters here)
    expect(app.fake.sent(CHANNEL)).toEqual([]);
  });

  it("another app's command gets a notice, not a slip", async () => {
    const response = await app.messageAction(
      'composeExtension/fetchTask',
      { id: '1700000000004', html: 'T1 cold soup' },
      { commandId: 'createWithPreview' },
    );
    expect(response.json).toEqual({ task: { type: 'message', value: "That action isn't one of mine." } });
  });
});
