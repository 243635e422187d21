import { CLOCK_TARGETS } from '../../../src/clock/clock';
import { clockJobId } from '../../../src/clock/ports';
import type { Slip } from '../../../src/slips/slip';
import { CHANNEL, cardOf, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

/** The recovery clock on Teams: the nudge in the slip's thread names the reporter; the card says the clock. */
describe('the recovery clock on Teams', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());

  async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const nudges = (slip: Slip) =>
    app.fake
      .sent(CHANNEL)
      .map((c) => String(c.body.text ?? ''))
      .filter((text) => text.startsWith(`⏱ Slip #${slip.id} is open`));

  it('nudges once per missed target in the thread, naming the reporter, and tells the manager once', async () => {
    const current = await app.web.core.playbooks.current(TEAMS_TENANT);
    await app.web.core.playbooks.save(
      TEAMS_TENANT,
      { ...current.playbook, targets: { acknowledge: 0.02, correct: 0.04, manager: 0.06, bySeverity: {} } },
      { expectedVersion: current.version, author: 'manager', summary: 'clock targets' },
    );
    const { id } = await app.channelPost('T12 got the wrong steak, guest annoyed');
    await app.fake.waitForSent(1);
    const slip = (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
    // the card as posted says the clock has started
    expect(JSON.stringify(cardOf(app.fake.sent(CHANNEL)[0]!.body))).toMatch(/⏱ open \d+ s: acknowledge within 1 s/);
    await until(async () => (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.escalated, 'the escalation');
    for (const target of CLOCK_TARGETS) {
      const jobId = clockJobId(TEAMS_TENANT, slip.id, target);
      await until(
        async () => !['delayed', 'waiting', 'active'].includes(await app.web.jobs.clockQueue.getJobState(jobId)),
        jobId,
      );
    }
    await app.quiet();
    const said = nudges(slip);
    expect(said).toHaveLength(2);
    expect(said[0]).toContain('not acknowledged yet');
    expect(said[0]).toContain('Dana Reyes, or whoever is on shift');
    expect(said[1]).toContain('not corrected yet');
    const escalations = (await app.web.core.slips.get(TEAMS_TENANT, slip.id))!.timeline.filter(
      (e) => e.kind === 'escalated',
    );
    expect(escalations).toHaveLength(1);
  });
});
