import { HANDOFF_VERBS } from '../../../src/platforms/teams/cards/handoff';
import { REMINDER_VERBS } from '../../../src/platforms/teams/cards/reminder';
import type { Slip } from '../../../src/slips/slip';
import {
  AAD_TENANT,
  BOT,
  CHANNEL,
  type Person,
  STAFF,
  startTeamsTestApp,
  TEAM,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';

type InvokeBody = { statusCode: number; type: string; value: unknown };

const OTHER_CHANNEL = '19:otherfloor000000000000000000000@thread.tacv2';
const OTHER_AAD = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT_CHANNEL = '19:partnerfloor0000000000000000000@thread.tacv2';
const SAM: Person = { id: '29:staff-sam', name: 'Sam Lee', aadObjectId: '00000000-0000-0000-0000-0000000000e5' };
const EVE: Person = { id: '29:staff-eve', name: 'Eve Park', aadObjectId: '00000000-0000-0000-0000-0000000000e6' };

/**
 * "Take this" (a handoff's, or a reminder's for the shift on duty) and a reminder's other buttons are checked on the
 * server, as in Slack: an Action.Execute press names a slip by its id, and anyone in the tenant can send one from
 * anywhere. Each crafted press is refused and changes nothing: no owner changes, no card is updated.
 */
describe('Teams: who may take or answer a slip is checked on the server', () => {
  let app: TeamsTestApp;
  let counter = 0;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
    await app.watch(OTHER_CHANNEL);
    // Sam and Eve are seen here (chatter, no card), so either can be picked
    await app.channelPost('menu meeting at 4 in the back room', { from: SAM });
    await app.channelPost('staff lunch is at 3 today', { from: EVE });
    await app.quiet();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  async function newSlip(text: string) {
    const { id } = await app.channelPost(text);
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    await app.quiet();
    app.fake.reset();
    return slip;
  }

  /** Where a press comes from: a channel's thread (the slip's or another), a personal chat, or another tenant. */
  type Where = { channel: string; tenant?: string } | { personal: true };

  /** An Action.Execute press as Teams sends it, from `where`. */
  async function press(verb: string, data: Record<string, unknown>, from: Person, where: Where): Promise<string> {
    const tenantId = 'channel' in where ? (where.tenant ?? AAD_TENANT) : AAD_TENANT;
    const conversation =
      'channel' in where
        ? { id: `${where.channel};messageid=root`, conversationType: 'channel', isGroup: true, tenantId }
        : { id: `a:personal-${from.id}`, conversationType: 'personal', tenantId };
    const channelData =
      'channel' in where
        ? {
            teamsChannelId: where.channel,
            teamsTeamId: TEAM,
            channel: { id: where.channel, name: 'shift-floor' },
            team: { id: TEAM },
            tenant: { id: tenantId },
          }
        : { tenant: { id: tenantId } };
    const posted = await app.post({
      channelId: 'msteams',
      serviceUrl: app.fake.serviceUrl,
      from,
      recipient: { id: BOT, name: 'recovery-coach' },
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `f:take-${++counter}`,
      replyToId: 'act-1',
      conversation,
      channelData,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    expect(posted.status).toBe(200);
    return JSON.stringify((posted.json as unknown as InvokeBody).value);
  }

  const ownerOf = async (slipId: string, tenant = TEAMS_TENANT) =>
    (await app.web.core.slips.get(tenant, slipId))?.owner;
  const cardUpdates = () => app.fake.calls.filter((c) => c.method === 'update');

  for (const [name, verb] of [
    ['a handoff', HANDOFF_VERBS.take],
    ['a reminder for the shift on duty', REMINDER_VERBS.take],
  ] as const) {
    it(`"Take this" on ${name} acts only from the slip's own channel, while it is watched`, async () => {
      const slip = await newSlip('T12 got the wrong steak, guest annoyed');
      const take = (where: Where, from = SAM) => press(verb, { slipId: slip.id }, from, where);
      // from a personal chat, and from another (watched) channel: neither is where the slip's handoff or reminder is
      expect(await take({ personal: true })).toContain(`There is no slip #${slip.id}.`);
      expect(await take({ channel: OTHER_CHANNEL })).toContain(`There is no slip #${slip.id}.`);
      // from another tenant, naming our slip's number: its own slips only (it has none of that number)
      expect(await take({ channel: CHANNEL, tenant: OTHER_AAD })).toContain(`There is no slip #${slip.id}.`);
      // once the channel is no longer watched, not even from it
      await app.web.core.channels.unwatch(TEAMS_TENANT, CHANNEL);
      try {
        expect(await take({ channel: CHANNEL })).toContain("I don't watch that channel any more");
      } finally {
        await app.watch();
      }
      await app.quiet();
      expect(await ownerOf(slip.id)).toBe(STAFF.aadObjectId);
      expect(cardUpdates()).toEqual([]);
      // from the slip's own channel, while it is watched: taken, and its card updated for everyone
      await take({ channel: CHANNEL });
      expect(await ownerOf(slip.id)).toBe(SAM.aadObjectId);
      expect(cardUpdates().map((c) => c.activityId)).toContain(slip.cardRef);
    });
  }

  it('"Take this" from our channel naming another tenant’s slip of that number changes neither slip', async () => {
    // a partner tenant with its own watched channel and its own slip of the same number
    await app.web.core.channels.watch({
      tenant: `teams-${OTHER_AAD}`,
      channel: OTHER_TENANT_CHANNEL,
      by: 'someone',
      at: Date.now(),
    });
    const ours = await newSlip('T14 cold soup, guest annoyed');
    // its slips are numbered on their own: log them until one has our slip's number
    let theirs: Slip | undefined;
    for (let n = 1; n <= Number(ours.id) && theirs?.id !== ours.id; n++) {
      const reported = await app.web.core.service.report(
        {
          tenant: `teams-${OTHER_AAD}`,
          platform: 'teams',
          channel: OTHER_TENANT_CHANNEL,
          messageRef: `partner-${n}`,
          threadRef: `partner-${n}`,
          user: 'partner-person',
          text: 'T3 cold soup, guest annoyed',
        },
        { force: true },
      );
      if (reported.kind === 'reported') theirs = reported.slip;
    }
    if (!theirs) throw new Error('the partner tenant logged no slip');
    expect(theirs.id).toBe(ours.id);
    const said = await press(HANDOFF_VERBS.take, { slipId: ours.id }, SAM, { channel: CHANNEL, tenant: OTHER_AAD });
    expect(said).toContain(`There is no slip #${ours.id}.`);
    expect(await ownerOf(ours.id)).toBe(STAFF.aadObjectId);
    expect(await ownerOf(theirs.id, `teams-${OTHER_AAD}`)).toBe('partner-person');
    expect(cardUpdates()).toEqual([]);
  });

  it('a reminder’s Reassign… and outcome buttons are answered only by its owner, from its channel, or by a lead', async () => {
    const slip = await newSlip('rm 310 no towels, guest annoyed');
    const scheduled = await app.web.core.service.act(TEAMS_TENANT, slip.id, STAFF.aadObjectId, {
      kind: 'schedule_followup',
      dueAt: Date.now() + 60 * 60_000,
      promise: 'towels up in 10 minutes',
    });
    // Eve names the slip by its id from her own chat: she neither owns it nor leads a shift
    const reassigned = await press(REMINDER_VERBS.reassign, { slipId: slip.id, owner: EVE.aadObjectId }, EVE, {
      personal: true,
    });
    expect(reassigned).toContain(`Only shift leads and managers can answer slip #${slip.id}'s follow-up.`);
    const recovered = await press(REMINDER_VERBS.recovered, { slipId: slip.id }, EVE, { personal: true });
    expect(recovered).toContain('Only shift leads and managers can');
    const snoozed = await press(REMINDER_VERBS.snooze, { slipId: slip.id, snooze: '1h' }, EVE, { personal: true });
    expect(snoozed).toContain('Only shift leads and managers can');
    await app.quiet();
    const now = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    expect(now.owner).toBe(STAFF.aadObjectId);
    expect(now.followUp).toEqual(scheduled.followUp);
    expect(now.followUp?.status).toBe('scheduled');
    expect(cardUpdates()).toEqual([]);
    // the owner, from the reminder in their chat, hands it to Eve
    const handed = await press(REMINDER_VERBS.reassign, { slipId: slip.id, owner: EVE.aadObjectId }, STAFF, {
      personal: true,
    });
    expect(handed).toContain('handed to Eve Park');
    expect(await ownerOf(slip.id)).toBe(EVE.aadObjectId);
  });
});
