import { approvalJobId } from '../../../src/infra/queue/approvalQueue';
import { COMP_REASON_INPUT, COMP_VERBS } from '../../../src/platforms/teams/cards/compApproval';
import { CARD_VERBS } from '../../../src/platforms/teams/cards/recoveryCard';
import { STEP_OFFER_VERBS } from '../../../src/platforms/teams/cards/stepOffer';
import type { Slip } from '../../../src/slips/slip';
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
import {
  chat,
  dataOf,
  grantRole,
  greet,
  LEAD,
  MANAGER2,
  MEAL,
  postedSlip,
  pressAs,
  startWatchedTeamsApp,
} from './teamsCaptureFixture';

describe('Teams: comps over a limit approved in chat', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startWatchedTeamsApp();
    await grantRole(app, MANAGER2, 'manager');
    await grantRole(app, LEAD, 'shift_lead');
    // everyone has talked to the bot once, so it can reach them in their 1:1 chat
    await greet(app, [STAFF, MANAGER, MANAGER2, LEAD]);
    await app.quiet();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  const slipOf = async (id: string) => (await app.web.core.slips.get(TEAMS_TENANT, id))!;
  const press = (verb: string, data: Record<string, unknown>, from: Person, conversationId?: string) =>
    pressAs(app, verb, data, from, conversationId);

  /** A new slip, acknowledged by the staff member, whose USD 120 "Corrected…" is refused with the ask. */
  async function refusedMeal(text: string): Promise<{ slip: Slip; askId: string; refused: unknown }> {
    const slip = await postedSlip(app, text);
    await press(CARD_VERBS.acknowledge, { slipId: slip.id }, STAFF);
    const refused = (
      await press(CARD_VERBS.correct, { slipId: slip.id, fix: 'remade it', gesture: MEAL, cost: 120 }, STAFF)
    ).json;
    const askId = dataOf(refused, COMP_VERBS.ask, 'askId');
    if (!askId) throw new Error(`no ask on the refused card: ${JSON.stringify(refused).slice(0, 400)}`);
    return { slip, askId, refused };
  }

  async function asked(text: string) {
    const { slip, askId } = await refusedMeal(text);
    app.fake.reset();
    const answer = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, STAFF);
    await app.quiet();
    // the managers on shift (active lately) are asked, whichever of them that is now
    const approver = [MANAGER, MANAGER2].find((p) => app.fake.sent(chat(p)).length > 0)!;
    const request = app.fake.sent(chat(approver)).find((c) => /asks to give/.test(String(c.body.text)))!;
    return { slip, answer, approver, request };
  }

  it('the refused Corrected… offers the ask; the managers get Approve / Decline; the first answer wins; an approver over their limit is refused', async () => {
    const { slip, refused } = await refusedMeal('T12 got the wrong steak, guest annoyed');
    expect(JSON.stringify(refused)).toContain('over your USD 15 comp limit');
    expect((await slipOf(slip.id)).status).toBe('acknowledged');

    // a teammate cannot use the staff member's ask
    const askId = dataOf(refused, COMP_VERBS.ask, 'askId')!;
    const other = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, LEAD);
    expect(JSON.stringify(other.json)).toContain('Only the person whose comp it is');

    app.fake.reset();
    const answer = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, STAFF);
    await app.quiet();
    // neither manager has done anything lately: asked anyway, and the asker is told so (teamsCompNoApprover.test.ts)
    expect(JSON.stringify(answer.json)).toMatch(
      /on shift now\. Asked (Pat Ortiz, Lee Chen|Lee Chen, Pat Ortiz) anyway/,
    );
    // the shift lead's limit (60) does not cover 120: only the managers are asked, each in their own chat
    expect(app.fake.sent(chat(LEAD))).toEqual([]);
    const requests = [MANAGER, MANAGER2].map((p) => app.fake.sent(chat(p))[0]!);
    const cards = requests.map((r) => cardOf(r.body));
    for (const card of cards) {
      expect(JSON.stringify(card)).toContain(`"id":"${COMP_REASON_INPUT}"`);
      expect(JSON.stringify(card)).toContain(COMP_VERBS.decline);
    }
    const requestId = dataOf(cards[0], COMP_VERBS.approve, 'requestId')!;
    expect(String(requests[0]!.body.text)).toContain('Dana Reyes asks to give');

    // the lead, asked or not, is refused by the server: nothing changes
    const lead = await press(COMP_VERBS.approve, { requestId }, LEAD, chat(LEAD));
    expect(JSON.stringify(lead.json)).toContain('over your own USD 60 comp limit');
    expect((await slipOf(slip.id)).status).toBe('acknowledged');

    app.fake.reset();
    const [first, second] = await Promise.all([
      press(COMP_VERBS.approve, { requestId }, MANAGER, chat(MANAGER)),
      press(COMP_VERBS.approve, { requestId }, MANAGER2, chat(MANAGER2)),
    ]);
    await app.quiet();
    const after = await slipOf(slip.id);
    expect(after).toMatchObject({ status: 'corrected', gesture: { label: MEAL, cost: 120 } });
    expect(after.timeline.filter((e) => e.kind === 'corrected')).toHaveLength(1);
    expect(after.timeline.filter((e) => e.kind === 'comp_approved')).toHaveLength(1);
    const bodies = [JSON.stringify(first.json), JSON.stringify(second.json)];
    expect(bodies.filter((b) => b.includes('Already approved by'))).toHaveLength(1);
    // both managers' cards now say who answered, with no buttons; the requester is told; the slip's card redrawn
    const updates = app.fake.calls.filter((c) => c.method === 'update' && /was approved by/.test(String(c.body.text)));
    expect(updates.map((c) => c.conversationId).sort()).toEqual([chat(MANAGER), chat(MANAGER2)].sort());
    for (const update of updates) expect(JSON.stringify(cardOf(update.body))).not.toContain(COMP_VERBS.approve);
    expect(
      app.fake.sent(chat(STAFF)).some((c) => /was approved by (Pat Ortiz|Lee Chen)/.test(String(c.body.text))),
    ).toBe(true);
    expect(app.fake.calls.some((c) => c.method === 'update' && c.activityId === after.cardRef)).toBe(true);
    const log = await app.web.core.features.comps.forSlip(TEAMS_TENANT, slip.id);
    expect(log.map((e) => e.kind).sort()).toEqual(['approved', 'given', 'requested']);
  });

  it('a decline carries its optional reason to the requester and into the comp log', async () => {
    const { slip, approver, request } = await asked('T5 got the wrong pasta, guest annoyed');
    const requestId = dataOf(cardOf(request.body), COMP_VERBS.decline, 'requestId')!;
    app.fake.reset();
    const reason = 'not for a pasta **swap** [see](http://x)';
    const declined = await press(
      COMP_VERBS.decline,
      { requestId, [COMP_REASON_INPUT]: reason },
      approver,
      chat(approver),
    );
    await app.quiet();
    expect(JSON.stringify(declined.json)).toContain(`was declined by ${approver.name}`);
    const told = app.fake.sent(chat(STAFF)).find((c) => /was declined/.test(String(c.body.text)))!;
    // plain text, as typed: Teams shows it without formatting
    expect(told.body).toMatchObject({ textFormat: 'plain' });
    expect(String(told.body.text)).toContain(`was declined by ${approver.name}: “${reason}”`);
    const after = await slipOf(slip.id);
    expect(after.status).toBe('acknowledged');
    expect(after.timeline.filter((e) => e.kind === 'comp_declined')).toEqual([
      expect.objectContaining({ by: approver.aadObjectId, note: reason }),
    ]);
    const log = await app.web.core.features.comps.forSlip(TEAMS_TENANT, slip.id);
    expect(log.filter((e) => e.kind === 'declined')).toEqual([
      expect.objectContaining({ approver: approver.aadObjectId, reason }),
    ]);
  });

  it('a thread reply whose comp is over the limit offers the ask too', async () => {
    const { id: root } = await app.channelPost('T9 got the wrong burger, guest annoyed');
    await app.quiet();
    app.fake.reset();
    await app.post(app.channelActivity({ id: 'reply-meal', text: 'comped the meal $120', root }));
    await app.quiet();
    const offerId = /"offerId":"([^"]+)"/.exec(
      JSON.stringify(cardOf(app.fake.sent(`${CHANNEL};messageid=${root}`)[0]!.body)),
    )![1]!;
    const confirmed = await press(STEP_OFFER_VERBS.confirm, { offerId, user: STAFF.aadObjectId }, STAFF);
    expect(JSON.stringify(confirmed.json)).toContain('is over your comp limit');
    expect(dataOf(confirmed.json, COMP_VERBS.ask, 'askId')).toBeDefined();
  });

  async function escalateAfter(minutes: number): Promise<void> {
    const current = await app.web.core.playbooks.current(TEAMS_TENANT);
    await app.web.core.playbooks.save(
      TEAMS_TENANT,
      { ...current.playbook, approvals: { ...current.playbook.approvals, escalateAfter: minutes } },
      { expectedVersion: current.version, author: MANAGER_AAD, summary: 'approval escalation' },
    );
  }

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const jobState = (requestId: string) => app.web.jobs.clockQueue.getJobState(approvalJobId(TEAMS_TENANT, requestId));

  it("an unanswered request escalates to the manager on duty once, after the playbook's time, and the requester is told once", async () => {
    await escalateAfter(0.02);
    try {
      const { slip, request, approver } = await asked('T6 got the wrong salad, guest annoyed');
      const requestId = dataOf(cardOf(request.body), COMP_VERBS.approve, 'requestId')!;
      await until(async () => (await jobState(requestId)) === 'completed', 'the escalation job');
      await app.quiet();
      const escalations = (await slipOf(slip.id)).timeline.filter((e) => e.kind === 'escalated');
      expect(escalations).toEqual([
        expect.objectContaining({ by: 'recovery-coach', note: expect.stringMatching(/has waited .* for approval/) }),
      ]);
      const told = app.fake
        .sent(chat(STAFF))
        .filter((c) => /Nobody has answered your request/.test(String(c.body.text)));
      expect(told).toHaveLength(1);
      // the managers hear of it through the escalation path (its alert names the reason)
      expect(app.fake.sent(chat(MANAGER)).some((c) => /waited .* for approval/.test(JSON.stringify(c.body)))).toBe(
        true,
      );
      // the request still stands: the manager asked can answer it after the escalation
      const late = await press(COMP_VERBS.approve, { requestId }, approver, chat(approver));
      expect(JSON.stringify(late.json)).toContain(`was approved by ${approver.name}`);
    } finally {
      await escalateAfter(5);
    }
  });

  it('an answered request does not escalate: its job is removed', async () => {
    const { request, approver } = await asked('T8 got the wrong soup, guest annoyed');
    const requestId = dataOf(cardOf(request.body), COMP_VERBS.approve, 'requestId')!;
    expect(await jobState(requestId)).toBe('delayed');
    await press(COMP_VERBS.decline, { requestId }, approver, chat(approver));
    await app.quiet();
    expect(await jobState(requestId)).toBe('unknown');
  });
  it('in DM mode only the approvers asked can answer: a manager whose limit covers it but who was not asked is refused', async () => {
    const MANAGER3: Person = {
      id: '29:manager-jo',
      name: 'Jo Park',
      aadObjectId: '00000000-0000-0000-0000-0000000000e4',
    };
    await app.web.core.permissions.grant(TEAMS_TENANT, MANAGER_AAD, MANAGER3.aadObjectId, 'manager');
    // the two managers are on shift (active lately), so only they are asked; MANAGER3 is not
    const activity = app.web.core.features.activity as unknown as {
      touch(tenant: string, user: string, at: number): Promise<void>;
    };
    for (const p of [MANAGER, MANAGER2]) await activity.touch(TEAMS_TENANT, p.aadObjectId, Date.now());
    const { slip, request, approver } = await asked('T3 got the wrong fish, guest annoyed');
    expect(app.fake.sent(chat(MANAGER3))).toEqual([]);
    const requestId = dataOf(cardOf(request.body), COMP_VERBS.approve, 'requestId')!;
    // a crafted press naming the request's id from the unasked manager's own chat changes nothing
    const crafted = await press(COMP_VERBS.approve, { requestId }, MANAGER3, chat(MANAGER3));
    expect(JSON.stringify(crafted.json)).not.toContain('was approved by');
    expect(JSON.stringify(crafted.json)).toContain('not asked to approve this comp');
    await app.quiet();
    expect((await slipOf(slip.id)).status).toBe('acknowledged');
    expect(await app.web.core.features.approvals.answerOf(TEAMS_TENANT, requestId)).toBeUndefined();
    // the one asked still can
    const answered = await press(COMP_VERBS.approve, { requestId }, approver, chat(approver));
    expect(JSON.stringify(answered.json)).toContain(`was approved by ${approver.name}`);
    await app.quiet();
  });
  it('when storing the request fails, the ask is kept: the asker is told nothing was changed, and the same button works again', async () => {
    const { askId } = await refusedMeal('T4 got the wrong lamb, guest annoyed');
    const create = jest
      .spyOn(app.web.core.features.approvals, 'create')
      .mockRejectedValueOnce(new Error('the store fell over'));
    try {
      const failed = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, STAFF);
      expect(JSON.stringify(failed.json)).toContain('nothing was changed');
      const again = await press(COMP_VERBS.ask, { askId, user: STAFF.aadObjectId }, STAFF);
      await app.quiet();
      expect(JSON.stringify(again.json)).toMatch(/Asked/);
      expect(create).toHaveBeenCalledTimes(2);
    } finally {
      create.mockRestore();
    }
  });
});
