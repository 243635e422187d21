import { COMP_VERBS } from '../../../src/platforms/teams/cards/compApproval';
import { CARD_VERBS } from '../../../src/platforms/teams/cards/recoveryCard';
import { CHANNEL, MANAGER, type Person, STAFF, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';
import { chat, MEAL, startWatchedTeamsApp } from './teamsCaptureFixture';

/**
 * A comp approval request that reaches nobody who can answer it soon says so to the asker at once (the card that
 * answers their "Ask a shift lead / manager"), instead of leaving them waiting for the escalation: nobody who may
 * approve it could be messaged (the bot has never talked to them), or nobody who may was on shift.
 */
describe('Teams: a comp request that reaches no approver tells the asker at once', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startWatchedTeamsApp();
    // only the staff member has talked to the bot: the manager cannot be reached yet
    await app.personal('help', STAFF);
    await app.quiet();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  const press = (verb: string, data: Record<string, unknown>, from: Person) =>
    app.execute(verb, data, { from, conversationId: `${CHANNEL};messageid=root` });

  /** A new slip whose USD 120 "Corrected…" is refused; the staff member presses the ask: the card they get back. */
  async function ask(text: string): Promise<string> {
    const { id } = await app.channelPost(text);
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    await press(CARD_VERBS.acknowledge, { slipId: slip.id }, STAFF);
    const refused = JSON.stringify(
      (await press(CARD_VERBS.correct, { slipId: slip.id, fix: 'remade it', gesture: MEAL, cost: 120 }, STAFF)).json,
    );
    const askId = refused.match(/"verb":"[^"]*","data":\{[^}]*"askId":"([^"]+)"/)?.[1];
    if (!askId) throw new Error(`no ask on the refused card: ${refused.slice(0, 400)}`);
    app.fake.reset();
    const answer = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, STAFF);
    await app.quiet();
    return JSON.stringify(answer.json);
  }

  it('nobody could be messaged: the asker is told so at once, and to ask a manager in person', async () => {
    const answer = await ask('T12 got the wrong steak, guest annoyed');
    expect(answer).toMatch(/Nobody could be reached to approve Comp the table's meal \(USD 120\) on slip #\d+/);
    expect(answer).toContain('Ask a manager in person');
    expect(answer).not.toMatch(/Asked .* to approve/);
    expect(app.fake.sent(chat(MANAGER))).toEqual([]);
  });

  it('nobody who may approve it on shift: asked anyway, and the asker is told at once', async () => {
    // the manager can now be reached, but has done nothing lately
    await app.personal('help', MANAGER);
    await app.quiet();
    const answer = await ask('T14 got the wrong fish, guest annoyed');
    expect(answer).toMatch(
      /Nobody who may approve Comp the table's meal \(USD 120\) on slip #\d+ is on shift now\. Asked Pat Ortiz anyway/,
    );
    expect(app.fake.sent(chat(MANAGER)).some((c) => /asks to give/.test(String(c.body.text)))).toBe(true);
  });
  it('a request card that went out counts as reaching its approver even when it cannot be remembered', async () => {
    // the manager can be reached (the test before); the request's bookkeeping fails once, after the card went out
    const approvals = app.web.core.features.approvals;
    const addMessage = jest
      .spyOn(approvals, 'addMessage')
      .mockRejectedValueOnce(new Error('redis went away while remembering'));
    try {
      const answer = await ask('T16 got the wrong soup, guest annoyed');
      expect(addMessage).toHaveBeenCalled();
      expect(app.fake.sent(chat(MANAGER)).some((c) => /asks to give/.test(String(c.body.text)))).toBe(true);
      expect(answer).not.toMatch(/Nobody could be reached/);
      expect(answer).toMatch(/Pat Ortiz/);
    } finally {
      addMessage.mockRestore();
    }
  });
});
