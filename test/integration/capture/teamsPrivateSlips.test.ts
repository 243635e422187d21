import { CARD_VERBS } from '../../../src/platforms/teams/cards/recoveryCard';
import type { Playbook } from '../../../src/playbook/schema';
import type { ConnectorCall } from '../../helpers/fakeTeams';
import { type CapturedLog, captureLog } from '../../helpers/logLines';
import {
  AAD_TENANT,
  BOT,
  CHANNEL,
  cardOf,
  MANAGER,
  type Person,
  STAFF,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';
import {
  chat,
  grantRole,
  greet,
  MANAGER2,
  rudeStaffPrivate,
  setPlaybook as setPlaybookAs,
  startWatchedTeamsApp,
} from './teamsCaptureFixture';

describe('Teams: a private slip goes by 1:1 chat, never into a channel', () => {
  let app: TeamsTestApp;
  let output: CapturedLog;

  const setPlaybook = (change: (playbook: Playbook) => void) => setPlaybookAs(app, change, 'private slips');

  beforeAll(async () => {
    output = captureLog();
    app = await startWatchedTeamsApp({}, { log: output.log });
    await grantRole(app, MANAGER2, 'manager');
    await setPlaybook(rudeStaffPrivate);
    // the reporter and one manager have a 1:1 chat with the bot; MANAGER2 never wrote to it
    await greet(app, [STAFF, MANAGER]);
    await app.channelPost('shifts 06:00 14:00 22:00 America/Chicago', { mentionBot: true, from: MANAGER });
    await app.quiet();
  });
  afterAll(async () => {
    await app.stop();
    output.restore();
  });
  beforeEach(() => {
    app.fake.reset();
    output.clear();
  });

  /** Every message (sent or updated) whose JSON carries `words`, by conversation. */
  const carrying = (words: RegExp): ConnectorCall[] => app.fake.calls.filter((c) => words.test(JSON.stringify(c.body)));

  it('a private category detected in a channel post: the card to the reporter and the managers by chat, the notice in the channel', async () => {
    const { id } = await app.channelPost('T9 says our waiter was really rude to them, guest upset');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip).toMatchObject({ private: true, categoryId: 'rude_staff' });

    // the channel: the one-line notice, nothing of the slip
    const inChannel = app.fake.sent(CHANNEL);
    expect(inChannel.map((c) => c.body.text)).toEqual([
      'A private slip was logged; only the people who need it can see it.',
    ]);
    expect(JSON.stringify(inChannel)).not.toMatch(/T9|rude/i);

    // the reporter: the card with its buttons, which lives in their chat from now on
    const [toReporter, ...more] = app.fake.sent(chat(STAFF));
    expect(more).toEqual([]);
    const card = JSON.stringify(cardOf(toReporter!.body));
    expect(card).toContain('T9');
    expect(card).toContain(CARD_VERBS.acknowledge);
    expect(slip).toMatchObject({ cardRef: expect.any(String), cardChannel: chat(STAFF) });

    // a reachable manager: the card read-only, headed with who reported it
    const toManager = app.fake.sent(chat(MANAGER)).filter((c) => /Private slip #/.test(String(c.body.text)));
    expect(toManager).toHaveLength(1);
    expect(String(toManager[0]!.body.text)).toContain(`Private slip #${slip.id}, reported by Dana Reyes`);
    const managerCard = cardOf(toManager[0]!.body);
    expect(JSON.stringify(managerCard)).toContain('T9');
    expect(JSON.stringify(managerCard)).not.toContain('Action.Execute');
    expect(managerCard.actions).toBeUndefined();

    // the slip's words reached nobody else: only those two 1:1 chats
    const where = new Set(carrying(/T9/).map((c) => c.conversationId));
    expect([...where].sort()).toEqual([chat(MANAGER), chat(STAFF)].sort());

    // the manager the bot cannot reach is logged, and nothing falls back to the channel
    expect(output.lines().some((l) => l.includes('teams private slip to a manager'))).toBe(true);
  });

  it("a press on the private card is redrawn in the reporter's chat, not in the channel", async () => {
    const { id } = await app.channelPost('T11 guest says the host was rude to her at the door');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.cardChannel).toBe(chat(STAFF));
    app.fake.reset();
    const pressed = await app.execute(
      CARD_VERBS.acknowledge,
      { slipId: slip.id },
      { from: STAFF, conversationId: chat(STAFF), replyToId: slip.cardRef },
    );
    expect(pressed.status).toBe(200);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');
    const updates = app.fake.calls.filter((c) => c.method === 'update');
    expect(updates.length).toBeGreaterThan(0);
    // the reporter's card, and the reachable manager's read-only copy (teamsPrivateCopies.test.ts)
    expect(
      updates.every(
        (c) =>
          (c.conversationId === chat(STAFF) && c.activityId === slip.cardRef) || c.conversationId === chat(MANAGER),
      ),
    ).toBe(true);
    expect(updates.some((c) => c.conversationId === chat(STAFF) && c.activityId === slip.cardRef)).toBe(true);
    expect(carrying(/T11/).every((c) => c.conversationId === chat(STAFF) || c.conversationId === chat(MANAGER))).toBe(
      true,
    );
  });

  it('"Recover from this message" with "Keep this slip private" ticked: by chat, the notice in the thread', async () => {
    const post = { id: '1700000000901', html: '<p>T6 guest fainted at the bar, paramedics called</p>' };
    const data = { text: 'T6 guest fainted at the bar, paramedics called', guest: 'T6', private: 'true' };
    const response = await app.messageAction('composeExtension/submitAction', post, { from: STAFF, data });
    expect(response.json).toEqual({});
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, post.id))!;
    expect(slip).toMatchObject({ private: true, cardChannel: chat(STAFF) });
    expect(app.fake.sent(CHANNEL).map((c) => [c.conversationId, c.body.text])).toEqual([
      [`${CHANNEL};messageid=${post.id}`, 'A private slip was logged; only the people who need it can see it.'],
    ]);
    expect(JSON.stringify(cardOf(app.fake.sent(chat(STAFF))[0]!.body))).toContain('fainted');
    expect(app.fake.sent(chat(MANAGER)).some((c) => /Private slip #/.test(String(c.body.text)))).toBe(true);
    const where = new Set(carrying(/fainted/).map((c) => c.conversationId));
    expect([...where].sort()).toEqual([chat(MANAGER), chat(STAFF)].sort());
  });

  it("a non-manager's home card and the handoff never show a private slip's text", async () => {
    const { id } = await app.channelPost('T15 guest says a waiter was rude and swore at him');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip).toMatchObject({ private: true, owner: STAFF.aadObjectId });
    app.fake.reset();

    await app.personal('home', STAFF);
    const [home] = await app.fake.waitForSent(1, 5000, chat(STAFF));
    expect(JSON.stringify(home!.body)).not.toMatch(/T15|swore|rude/i);

    await app.channelPost('handoff', { mentionBot: true, from: STAFF });
    const [handoff] = await app.fake.waitForSent(1, 5000, CHANNEL);
    const lines = JSON.stringify(handoff!.body);
    expect(lines).toContain('Private slip');
    expect(lines).not.toMatch(/T15|swore|rude/i);
  });

  it('silent: the channel sees nothing, the reporter still gets the card by chat', async () => {
    await setPlaybook((playbook) => {
      playbook.privateSlips = 'silent';
    });
    const { id } = await app.channelPost('T21 guest says the bartender was rude to his wife');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.private).toBe(true);
    expect(app.fake.sent(CHANNEL)).toEqual([]);
    expect(JSON.stringify(app.fake.sent(chat(STAFF)))).toContain('T21');
  });
  it('a replayed press naming a private slip by its id shows its card to nobody but the people who may see it', async () => {
    const { id } = await app.channelPost('T14 guest says the bartender was rude to her at the bar');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.private).toBe(true);
    const OTHER: Person = { id: '29:staff-kim', name: 'Kim Vo', aadObjectId: '00000000-0000-0000-0000-0000000000f1' };
    // the same invoke (one id) delivered twice: the second is a replay, answered without applying it again
    const crafted = (from: Person, verb: string) => ({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `f:crafted-${slip.id}-${from.aadObjectId}-${verb}`,
      channelId: 'msteams',
      serviceUrl: app.fake.serviceUrl,
      from,
      recipient: { id: BOT, name: 'recovery-coach' },
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      replyToId: 'act-1',
      conversation: { id: chat(from), conversationType: 'personal', tenantId: AAD_TENANT },
      channelData: { tenant: { id: AAD_TENANT } },
      value: { action: { type: 'Action.Execute', verb, data: { slipId: slip.id } }, trigger: 'manual' },
    });
    for (const verb of [CARD_VERBS.acknowledge, CARD_VERBS.escalate]) {
      const press = crafted(OTHER, verb);
      // the first delivery is refused as if there were no such slip: nothing of it shown, nothing changed
      const first = await app.post(press);
      expect(first.status).toBe(200);
      expect(JSON.stringify(first.json)).not.toMatch(/T14|bartender/);
      expect(JSON.stringify(first.json)).not.toContain('application/vnd.microsoft.card.adaptive');
      const replayed = await app.post(press);
      expect(replayed.status).toBe(200);
      expect(JSON.stringify(replayed.json)).not.toMatch(/T14|bartender/);
      expect(JSON.stringify(replayed.json)).not.toContain('application/vnd.microsoft.card.adaptive');
    }
    const after = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    expect(after.status).toBe(slip.status);
    expect(after.timeline).toHaveLength(slip.timeline.length);
    // the reporter's own replayed press still gets the card as it is
    const own = crafted(STAFF, CARD_VERBS.escalate);
    await app.post(own);
    expect(JSON.stringify((await app.post(own)).json)).toContain('T14');
    await app.quiet();
  });
});
