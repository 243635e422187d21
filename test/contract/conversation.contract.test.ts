import type { Slip } from '../../src/slips/slip';
import { type PlatformDriver, shellDriver, slackDriver, teamsDriver } from './drivers';

/**
 * One conversation, three platforms: the same scenarios run against Slack (the real Bolt receiver, signed requests,
 * a fake Web API), Teams (botbuilder, a fake connector) and the shell, so a change to the conversation is proven
 * once for all of them. What each platform shows is compared as words; what it did, through the slip store.
 */
describe.each([
  ['slack', slackDriver],
  ['teams', teamsDriver],
  ['shell', shellDriver],
] as const)('the conversation on %s', (_name, start) => {
  let platform: PlatformDriver;
  beforeAll(async () => {
    platform = await start();
  });
  afterAll(() => platform.stop());

  async function slipFrom(text: string): Promise<Slip> {
    const shown = await platform.post(text);
    const slips = await platform.slips.list(platform.tenant, { limit: 200 });
    const slip = slips.find((s) => s.text === text);
    if (!slip) throw new Error(`no slip for "${text}"; shown: ${shown.join(' | ').slice(0, 300)}`);
    return slip;
  }

  it('a slip in the watched channel gets one card with its category and the first step', async () => {
    const shown = await platform.post('T12 got the wrong steak, guest annoyed');
    const slips = (await platform.slips.list(platform.tenant, { limit: 200 })).filter((s) =>
      s.text.startsWith('T12 got the wrong steak'),
    );
    expect(slips).toHaveLength(1);
    expect(slips[0]).toMatchObject({ categoryId: 'wrong_order', status: 'open' });
    const card = shown.find((words) => words.includes('Wrong order'));
    expect(card).toBeDefined();
    expect(card).toMatch(/Acknowledge/);
  });

  it('chatter gets nothing and makes nothing', async () => {
    const before = (await platform.slips.list(platform.tenant, { limit: 200 })).length;
    expect(await platform.post('who is closing the bar tonight? I can stay till 11')).toEqual([]);
    expect((await platform.slips.list(platform.tenant, { limit: 200 })).length).toBe(before);
  });

  it('each step moves the slip and the card says who did it', async () => {
    let slip = await slipFrom('T7 soup was cold, guest unhappy');
    const acknowledged = await platform.press(slip, 'acknowledge');
    slip = (await platform.slips.get(platform.tenant, slip.id))!;
    expect(slip.status).toBe('acknowledged');
    // the card marks the step done, by the person who pressed (as the platform names them)
    expect(acknowledged.join(' ')).toContain(platform.staffShown);
    await platform.correct(slip, 'brought a fresh bowl');
    slip = (await platform.slips.get(platform.tenant, slip.id))!;
    expect(slip.status).toBe('corrected');
    // what was done is on the slip (the shell's one line of words is the gesture; the forms have a field for it)
    expect(JSON.stringify(slip.timeline.find((e) => e.kind === 'corrected'))).toContain('brought a fresh bowl');
    await platform.press(slip, 'connect');
    expect((await platform.slips.get(platform.tenant, slip.id))!.status).toBe('connected');
  });

  it('a follow-up is scheduled for the time asked', async () => {
    const slip = await slipFrom('T9 waited 40 min for mains, guest fuming');
    await platform.followUp(slip, 30);
    const after = (await platform.slips.get(platform.tenant, slip.id))!;
    expect(after.followUp?.status).toBe('scheduled');
    expect(Math.abs(after.followUp!.dueAt - (Date.now() + 30 * 60_000))).toBeLessThan(2 * 60_000);
  });

  it('the handoff preview lists the shift so far', async () => {
    const shown = (await platform.command('handoff')).join(' ');
    expect(shown).toMatch(/Wrong order|Long wait|Food quality/);
  });

  it('manager-only commands are refused for staff and done for a manager', async () => {
    const refused = (await platform.command('shifts 06:00 14:00 22:00', 'staff')).join(' ');
    expect(refused).toMatch(/only managers/i);
    const done = (await platform.command('shifts 06:00 14:00 22:00', 'manager')).join(' ');
    expect(done).toContain("I'll post a handoff here at each change");
  });

  it('help explains the same things everywhere', async () => {
    const help = (await platform.command('help')).join(' ');
    expect(help).toContain('helps you recover a guest after a slip');
    expect(help).toMatch(/shifts 06:00 14:00 22:00/);
    // the managers' report, as each surface types it (Slack's /recover, Teams' bare word, the shell's /insights)
    expect(help).toMatch(/insights \[30d\] \[#channel\]`?: managers/);
  });
});
