import type { Playbook } from '../../../src/playbook/schema';
import { CHANNEL, MANAGER, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

describe('Teams: a private slip is never carded in a channel', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
    const current = await app.web.core.playbooks.current(TEAMS_TENANT);
    const playbook: Playbook = structuredClone(current.playbook);
    playbook.categories = playbook.categories.map((c) => (c.id === 'rude_staff' ? { ...c, private: true } : c));
    await app.web.core.playbooks.save(TEAMS_TENANT, playbook, {
      expectedVersion: current.version,
      author: MANAGER.aadObjectId ?? 'manager',
      summary: 'private slips',
    });
  });
  afterAll(() => app.stop());

  it('the channel gets the one-line notice and nothing of the slip', async () => {
    await app.quiet();
    app.fake.reset();
    const { id } = await app.channelPost('T9 says our waiter was really rude to them, guest upset');
    await app.quiet();
    const slip = await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id);
    expect(slip).toMatchObject({ private: true, categoryId: 'rude_staff' });
    const inChannel = app.fake.sent(CHANNEL);
    expect(inChannel.map((c) => c.body.text)).toEqual([
      'A private slip was logged; only the people who need it can see it.',
    ]);
    expect(JSON.stringify(inChannel)).not.toMatch(/T9|rude/i);
  });
});
