import {
  AAD_TENANT,
  BOT,
  CHANNEL,
  STAFF,
  startTeamsTestApp,
  TEAM,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';

type InvokeBody = { statusCode: number; type: string; value: unknown };

/**
 * The Bot Framework redelivers an invoke it thinks was lost, and anyone holding a copy of a request can send it
 * again: the same Action.Execute activity (the same id) is applied once, however often it arrives.
 */
describe('Teams: a replayed card press is applied once', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({}, { worker: false });
    await app.watch();
  });
  afterAll(() => app.stop());
  beforeEach(async () => {
    await app.quiet();
    app.fake.reset();
  });

  async function newSlip(text: string) {
    const { id } = await app.channelPost(text);
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    await app.quiet();
    app.fake.reset();
    return slip;
  }

  /** One adaptiveCard/action invoke, exactly as Teams sends it; posting it again is a redelivery. */
  const invoke = (id: string, verb: string, data: Record<string, unknown>, cardRef: string) => ({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id,
    channelId: 'msteams',
    serviceUrl: app.fake.serviceUrl,
    from: STAFF,
    recipient: { id: BOT, name: 'recovery-coach' },
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    replyToId: cardRef,
    conversation: {
      id: `${CHANNEL};messageid=root`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: AAD_TENANT,
    },
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: TEAM,
      channel: { id: CHANNEL, name: 'shift-floor' },
      team: { id: TEAM },
      tenant: { id: AAD_TENANT },
    },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });

  it('the same Escalate invoke delivered five times makes one timeline entry and one card update', async () => {
    const slip = await newSlip('T40 soup was cold, guest unhappy');
    const press = invoke(`f:replay-${slip.id}`, 'rc.escalate', { slipId: slip.id }, slip.cardRef!);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await app.post(press));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      // every delivery is answered with the card (a redelivery's answer is what the person sees)
      expect((answer.json as unknown as InvokeBody).type).toBe('application/vnd.microsoft.card.adaptive');
    }
    await app.quiet();
    const after = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!;
    expect(after.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    expect(app.fake.calls.filter((c) => c.method === 'update' && c.activityId === slip.cardRef)).toHaveLength(1);
  });

  it('five copies arriving at once are applied once too; a new press (a new id) still works', async () => {
    const slip = await newSlip('T41 steak overcooked, guest annoyed');
    const press = invoke(`f:burst-${slip.id}`, 'rc.escalate', { slipId: slip.id }, slip.cardRef!);
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.post(press)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await app.quiet();
    expect(
      (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.timeline.filter((e) => e.kind === 'escalated'),
    ).toHaveLength(1);

    const next = await app.post(invoke(`f:ack-${slip.id}`, 'rc.acknowledge', { slipId: slip.id }, slip.cardRef!));
    expect(JSON.stringify((next.json as unknown as InvokeBody).value)).toContain('acknowledged at');
    expect((await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.status).toBe('acknowledged');
  });

  it('a press that failed on our side is applied when it is delivered again', async () => {
    const slip = await newSlip('T42 wrong wine, guest annoyed');
    const press = invoke(`f:retry-${slip.id}`, 'rc.escalate', { slipId: slip.id }, slip.cardRef!);
    const service = app.web.core.service;
    const act = service.act.bind(service);
    service.act = async () => {
      throw new Error('the store fell over');
    };
    try {
      const failed = await app.post(press);
      expect((failed.json as unknown as InvokeBody).value).toMatch(/nothing was changed/);
    } finally {
      service.act = act;
    }
    const again = await app.post(press);
    expect((again.json as unknown as InvokeBody).type).toBe('application/vnd.microsoft.card.adaptive');
    expect(
      (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.timeline.filter((e) => e.kind === 'escalated'),
    ).toHaveLength(1);
  });
});
