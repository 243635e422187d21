import { CARD_VERBS } from '../../../src/platforms/teams/cards/recoveryCard';
import type { Playbook } from '../../../src/playbook/schema';
import type { ConnectorCall } from '../../helpers/fakeTeams';
import { settle } from '../../helpers/slackApp';
import { CHANNEL, cardOf, MANAGER, STAFF, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';
import {
  chat,
  greet,
  rudeStaffPrivate,
  setPlaybook as setPlaybookAs,
  startWatchedTeamsApp,
} from './teamsCaptureFixture';

/**
 * A private slip's managers' read-only copies (in their 1:1 chats with the bot) follow the slip as its card does:
 * a step pressed on the reporter's card, a new category, a close, and the worker's redraw when a clock target
 * passes each update the manager's copy in place, still headed and still without buttons.
 */
describe("Teams: a private slip's managers' copies are redrawn with its card", () => {
  let app: TeamsTestApp;

  const setPlaybook = (change: (playbook: Playbook) => void) => setPlaybookAs(app, change, 'private slips');

  beforeAll(async () => {
    app = await startWatchedTeamsApp();
    await setPlaybook(rudeStaffPrivate);
    await greet(app, [STAFF, MANAGER]);
    await app.quiet();
  });
  afterAll(() => app.stop());
  beforeEach(async () => {
    await app.quiet();
    app.fake.reset();
  });

  async function privateSlip(text: string) {
    const { id } = await app.channelPost(text);
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip).toMatchObject({ private: true, cardChannel: chat(STAFF) });
    expect(app.fake.sent(chat(MANAGER)).filter((c) => /Private slip #/.test(String(c.body.text)))).toHaveLength(1);
    app.fake.reset();
    return slip;
  }

  /** Updates of the manager's copy of slip `id` (in their chat, headed with the slip). */
  const copyUpdates = (id: string): ConnectorCall[] =>
    app.fake.calls.filter(
      (c) =>
        c.method === 'update' &&
        c.conversationId === chat(MANAGER) &&
        String(c.body.text).startsWith(`Private slip #${id}, reported by Dana Reyes`),
    );

  function expectReadOnly(call: ConnectorCall | undefined, words: RegExp): void {
    expect(call).toBeDefined();
    const card = cardOf(call!.body);
    expect(JSON.stringify(card)).toMatch(words);
    expect(JSON.stringify(card)).toContain(`Private slip #`);
    expect(JSON.stringify(card)).not.toContain('Action.Execute');
    expect(card.actions).toBeUndefined();
  }

  const press = (verb: string, data: Record<string, unknown>, cardRef?: string) =>
    app.execute(verb, data, { from: STAFF, conversationId: chat(STAFF), replyToId: cardRef });

  it('a step pressed, a new category and a close each redraw the copy in place', async () => {
    const slip = await privateSlip('T9 says our waiter was really rude to them, guest upset');

    expect((await press(CARD_VERBS.acknowledge, { slipId: slip.id }, slip.cardRef)).status).toBe(200);
    await app.quiet();
    expect(copyUpdates(slip.id)).toHaveLength(1);
    expectReadOnly(copyUpdates(slip.id)[0], /acknowledged in/);

    app.fake.reset();
    await press(CARD_VERBS.recategorize, { slipId: slip.id, category: 'food_quality' }, slip.cardRef);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.categoryId).toBe('food_quality');
    expect(copyUpdates(slip.id)).toHaveLength(1);
    expectReadOnly(copyUpdates(slip.id)[0], /Food or drink quality/);

    app.fake.reset();
    await press(CARD_VERBS.close, { slipId: slip.id }, slip.cardRef);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('closed');
    expect(copyUpdates(slip.id)).toHaveLength(1);
    expectReadOnly(copyUpdates(slip.id)[0], /Dana Reyes closed it/);
    // redrawn, never sent again; and nothing of it in the channel
    expect(app.fake.sent(chat(MANAGER))).toEqual([]);
    expect(JSON.stringify(app.fake.calls.filter((c) => c.conversationId.startsWith(CHANNEL)))).not.toMatch(/T9|rude/i);
  });

  it("the worker's redraw (a clock target passed) redraws the copy too", async () => {
    await setPlaybook((playbook) => {
      playbook.targets = { acknowledge: 0.01, correct: 60, manager: 120, bySeverity: {} };
    });
    const slip = await privateSlip('T12 guest says the host was rude to her at the door, upset');
    const deadline = Date.now() + 15_000;
    while (copyUpdates(slip.id).length === 0 && Date.now() < deadline) await settle(50);
    await app.quiet();
    expectReadOnly(copyUpdates(slip.id).at(-1), /acknowledge is overdue/);
  });

  it("the reporter's chat could not be opened: a manager's press from their own chat still redraws the copies", async () => {
    // Teams refuses every message to the reporter's chat: the slip has no card of its own, only the managers' copies
    app.fake.failWhen((call) =>
      call.method === 'send' && call.conversationId === chat(STAFF) ? { status: 403 } : undefined,
    );
    const { id } = await app.channelPost('T16 guest says the bartender was rude to him, upset');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.private).toBe(true);
    expect(slip.cardChannel).toBeUndefined();
    expect(app.fake.sent(chat(MANAGER)).filter((c) => /Private slip #/.test(String(c.body.text)))).toHaveLength(1);
    app.fake.reset();

    const acked = await app.execute(
      CARD_VERBS.acknowledge,
      { slipId: slip.id },
      { from: MANAGER, conversationId: chat(MANAGER) },
    );
    expect(acked.status).toBe(200);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');
    expect(copyUpdates(slip.id)).toHaveLength(1);
    expectReadOnly(copyUpdates(slip.id)[0], /acknowledged in/);
    expect(JSON.stringify(app.fake.calls.filter((c) => c.conversationId.startsWith(CHANNEL)))).not.toMatch(/T16|rude/i);
  });

  it("the reporter's chat could not be opened: the worker's redraw still redraws the copies", async () => {
    // the acknowledge target is under a second from the test before; Teams refuses the card to the reporter once
    // (their nudge gets through later)
    app.fake.fail('send', 403);
    const { id } = await app.channelPost('T17 guest says the runner was rude to her, upset');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip).toMatchObject({ private: true });
    expect(slip.cardRef).toBeUndefined();
    const deadline = Date.now() + 15_000;
    while (copyUpdates(slip.id).length === 0 && Date.now() < deadline) await settle(50);
    await app.quiet();
    expectReadOnly(copyUpdates(slip.id).at(-1), /acknowledge is overdue/);
  });
});
