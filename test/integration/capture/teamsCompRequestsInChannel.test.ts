import { COMP_VERBS } from '../../../src/platforms/teams/cards/compApproval';
import { CARD_VERBS } from '../../../src/platforms/teams/cards/recoveryCard';
import {
  CHANNEL,
  cardOf,
  MANAGER,
  MANAGER_AAD,
  type Person,
  STAFF,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';
import { chat, dataOf, grantRole, greet, LEAD, MEAL, setPlaybook, startWatchedTeamsApp } from './teamsCaptureFixture';

describe('Teams: comp approval requests in the slip’s thread (approvals.requestsIn: channel)', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startWatchedTeamsApp();
    await grantRole(app, LEAD, 'shift_lead');
    await setPlaybook(
      app,
      (playbook) => {
        playbook.approvals.requestsIn = 'channel';
      },
      'comp requests in the thread',
    );
    await greet(app, [STAFF, MANAGER, LEAD]);
    await app.quiet();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  /** The staff member's USD 120 Corrected… refused, then "Ask a shift lead / manager" pressed from `where`. */
  async function askFor(slipId: string, where: string) {
    const press = (verb: string, data: Record<string, unknown>) =>
      app.execute(verb, data, { from: STAFF, conversationId: where });
    await press(CARD_VERBS.acknowledge, { slipId });
    const refused = (await press(CARD_VERBS.correct, { slipId, fix: 'remade it', gesture: MEAL, cost: 120 })).json;
    const askId = dataOf(refused, COMP_VERBS.ask, 'askId')!;
    app.fake.reset();
    const answer = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId });
    await app.quiet();
    return answer;
  }

  it('one card in the thread naming the approvers; a teammate under the limit is refused privately; the answer updates it', async () => {
    const { id } = await app.channelPost('T12 got the wrong steak, guest annoyed');
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    const thread = `${CHANNEL};messageid=${slip.threadRef}`;
    const answer = await askFor(slip.id, thread);
    // the manager has done nothing lately: asked anyway, and the asker is told so (teamsCompNoApprover.test.ts)
    expect(JSON.stringify(answer.json)).toContain("Asked Pat Ortiz in the slip's thread anyway");

    const requests = app.fake.sent().filter((c) => /asks to give/.test(String(c.body.text)));
    expect(requests.map((c) => c.conversationId)).toEqual([thread]);
    expect(String(requests[0]!.body.text)).toMatch(
      /^<at>Pat Ortiz<\/at>: Dana Reyes asks to give \*\*Comp the table's meal\*\*/,
    );
    expect(app.fake.sent(chat(MANAGER))).toEqual([]);
    const requestId = dataOf(cardOf(requests[0]!.body), COMP_VERBS.approve, 'requestId')!;

    // the shift lead (limit 60) presses Approve in the thread: refused, to them alone; nothing changes
    app.fake.reset();
    const lead = await app.execute(COMP_VERBS.approve, { requestId }, { from: LEAD, conversationId: thread });
    expect(JSON.stringify(lead.json)).toContain('over your own USD 60 comp limit');
    expect(app.fake.sent()).toEqual([]);
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');

    const approved = await app.execute(COMP_VERBS.approve, { requestId }, { from: MANAGER, conversationId: thread });
    expect(approved.status).toBe(200);
    await app.quiet();
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!).toMatchObject({
      status: 'corrected',
      gesture: { label: MEAL, cost: 120 },
    });
    const stored = (await app.web.core.features.approvals.get(TEAMS_TENANT, requestId))!;
    const updates = app.fake.calls.filter((c) => c.method === 'update' && /was approved by/.test(String(c.body.text)));
    expect(updates.map((c) => [c.conversationId, c.activityId])).toEqual([[thread, stored.messages[0]!.ref]]);
    expect(JSON.stringify(cardOf(updates[0]!.body))).not.toContain(COMP_VERBS.approve);
    expect(app.fake.sent(chat(STAFF)).some((c) => /was approved by Pat Ortiz/.test(String(c.body.text)))).toBe(true);
  });

  it('@mentions each approver in the thread (a mention entity with their Teams id), their names escaped', async () => {
    // a second manager whose display name is Markdown and a tag: it must show as typed, not bold, not HTML
    const BOSS: Person = {
      id: '29:manager-boss',
      name: '**Boss** <b>x</b>',
      aadObjectId: '00000000-0000-0000-0000-0000000000b5',
    };
    await app.web.core.permissions.grant(TEAMS_TENANT, MANAGER_AAD, BOSS.aadObjectId, 'manager');
    await app.personal('help', BOSS);
    await app.quiet();
    try {
      // posted by the second manager, so both managers are on shift (Pat answered above) and both are asked
      const { id } = await app.channelPost('T14 got the wrong steak, guest annoyed', { from: BOSS });
      await app.quiet();
      const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
      const thread = `${CHANNEL};messageid=${slip.threadRef}`;
      await askFor(slip.id, thread);

      const [request, ...more] = app.fake.sent(thread).filter((c) => /asks to give/.test(String(c.body.text)));
      expect(more).toEqual([]);
      const body = request!.body as { text: string; textFormat?: string; entities?: Array<Record<string, unknown>> };
      const bossMention = '<at>\\*\\*Boss\\*\\* x</at>';
      const mentions = (body.entities ?? []).filter((e) => e.type === 'mention');
      expect(mentions).toEqual(
        expect.arrayContaining([
          { type: 'mention', text: '<at>Pat Ortiz</at>', mentioned: { id: MANAGER.id, name: 'Pat Ortiz' } },
          { type: 'mention', text: bossMention, mentioned: { id: BOSS.id, name: '**Boss** x' } },
        ]),
      );
      expect(mentions).toHaveLength(2);
      expect(body.textFormat).not.toBe('plain');
      for (const mention of mentions) expect(body.text).toContain(String(mention.text));
      // the name shows as typed inside its mention (Markdown escaped, the tag gone); the gesture is our bold
      expect(body.text).toMatch(
        /^<at>Pat Ortiz<\/at>, <at>\\\*\\\*Boss\\\*\\\* x<\/at>: Dana Reyes asks to give \*\*Comp the table's meal\*\* \(USD 120\)/,
      );
      expect(body.text).not.toContain('<b>');
    } finally {
      await app.web.core.permissions.grant(TEAMS_TENANT, MANAGER_AAD, BOSS.aadObjectId, undefined);
    }
  });

  it("a private slip's request still goes by chat, never into the channel", async () => {
    // logged by hand with "Keep this slip private" ticked
    const post = { id: '1700000000777', html: '<p>T4 got the wrong steak, guest annoyed</p>' };
    const data = { text: 'T4 got the wrong steak, guest annoyed', category: 'wrong_order', private: 'true' };
    await app.messageAction('composeExtension/submitAction', post, { from: STAFF, data });
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, post.id))!;
    app.fake.reset();
    expect(slip).toMatchObject({ private: true, cardChannel: chat(STAFF) });
    await askFor(slip.id, chat(STAFF));
    expect(app.fake.sent(CHANNEL)).toEqual([]);
    expect(app.fake.sent(chat(MANAGER)).some((c) => /asks to give/.test(String(c.body.text)))).toBe(true);
  });
});

describe('Teams: a private slip’s comp request to someone who is not a manager', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startWatchedTeamsApp();
    await grantRole(app, LEAD, 'shift_lead');
    await greet(app, [STAFF, MANAGER, LEAD]);
    await app.quiet();
  });
  afterAll(() => app.stop());

  it("the shift lead asked to approve is not shown the private slip's text", async () => {
    const post = { id: '1700000000888', html: '<p>T9 guest groped by another guest at the bar</p>' };
    const data = { text: 'T9 guest groped by another guest at the bar', category: 'wrong_order', private: 'true' };
    await app.messageAction('composeExtension/submitAction', post, { from: STAFF, data });
    await app.quiet();
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, post.id))!;
    expect(slip.private).toBe(true);
    const press = (verb: string, payload: Record<string, unknown>) =>
      app.execute(verb, payload, { from: STAFF, conversationId: chat(STAFF) });
    await press(CARD_VERBS.acknowledge, { slipId: slip.id });
    const refused = (await press(CARD_VERBS.correct, { slipId: slip.id, fix: 'comped', gesture: MEAL, cost: 40 })).json;
    const askId = dataOf(refused, COMP_VERBS.ask, 'askId')!;
    app.fake.reset();
    await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId });
    await app.quiet();

    const toLead = app.fake.sent(chat(LEAD)).filter((c) => /asks to give/.test(String(c.body.text)));
    expect(toLead).toHaveLength(1);
    expect(JSON.stringify(toLead[0]!.body)).not.toContain('groped');
    expect(app.fake.sent(CHANNEL)).toEqual([]);
  });
});
