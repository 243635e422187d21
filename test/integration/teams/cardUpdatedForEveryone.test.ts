import { CHANNEL, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

describe('Teams: a step pressed on the recovery card updates the card message for everyone', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());

  it('Acknowledge: the invoke answers the presser, and the card message itself is PUT with the new state', async () => {
    const { id } = await app.channelPost('T14 soup arrived cold, guest annoyed');
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    expect(slip.cardRef).toBeTruthy();
    const response = await app.execute(
      'rc.acknowledge',
      { slipId: slip.id },
      { conversationId: `${CHANNEL};messageid=root`, replyToId: slip.cardRef },
    );
    expect(JSON.stringify(response.json)).toContain('acknowledged at');
    // the invoke has been answered, and the update is made before that answer: it is here now if ever
    const updates = app.fake.calls.filter((c) => c.method === 'update' && c.activityId === slip.cardRef);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.conversationId.split(';')[0]).toBe(CHANNEL);
    // its text is the card's title (a category, a guest): never read as Markdown
    expect(updates[0]!.body.textFormat).toBe('plain');
    const card = JSON.stringify(updates[0]!.body.attachments);
    expect(card).toContain('acknowledged at');
    expect(card).not.toContain('"verb":"rc.acknowledge"');
  });
});
