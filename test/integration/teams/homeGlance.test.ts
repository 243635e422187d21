import type { SlipService } from '../../../src/slips/service';
import {
  CHANNEL,
  cardOf,
  MANAGER,
  type Person,
  STAFF,
  startTeamsTestApp,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';
import { adaptiveCardErrors, haveCardSchema } from '../../helpers/teamsSchemas';

type Step = Parameters<SlipService['act']>[3];

/**
 * The managers' week at a glance on the Teams `home` card, through botbuilder against the fake connector: the
 * figures it shows against a fixture computed by hand, and none of it for staff. Every step is pressed within
 * seconds of its report, so every time falls in the first histogram bucket (0–30 s).
 */
describe('Teams: the week at a glance on the home card', () => {
  let app: TeamsTestApp;
  let sequence = 0;

  /** A slip reported by Dana in the shift channel, with its steps recorded by Dana at once. */
  async function slip(categoryId: string, steps: Step[]): Promise<void> {
    const { service } = app.web.core;
    const reported = await service.report(
      {
        tenant: TEAMS_TENANT,
        platform: 'teams',
        channel: CHANNEL,
        messageRef: `glance-${++sequence}`,
        user: STAFF.aadObjectId,
        text: `slip ${sequence}`,
      },
      { force: true, categoryId },
    );
    if (reported.kind !== 'reported') throw new Error('not reported');
    for (const step of steps) await service.act(TEAMS_TENANT, reported.slip.id, STAFF.aadObjectId, step);
  }

  beforeAll(async () => {
    app = await startTeamsTestApp({}, { worker: false });
    await app.web.core.channels.watch({
      tenant: TEAMS_TENANT,
      channel: CHANNEL,
      name: 'shift-floor',
      by: MANAGER.aadObjectId,
      at: Date.now(),
    });
    // Dana's name, as Teams gave it when she last wrote (kudos name her)
    await app.web.runtime.teamsRefs.savePerson(TEAMS_TENANT, STAFF.aadObjectId, {
      teamsId: STAFF.id,
      name: STAFF.name,
    });
    const ack: Step = { kind: 'acknowledge' };
    const dessert: Step = { kind: 'correct', gesture: 'Dessert on us', cost: 8 };
    await slip('wrong_order', [ack, dessert, { kind: 'connect' }, { kind: 'followup_done', outcome: 'recovered' }]);
    await slip('wrong_order', [ack, dessert, { kind: 'followup_done', outcome: 'recovered' }]);
    await slip('long_wait', [
      ack,
      { ...dessert, gesture: 'dessert on us ' },
      { kind: 'followup_done', outcome: 'not_recovered' },
    ]);
    await slip('billing', [ack]);
    await app.quiet();
  });
  afterAll(() => app.stop());

  /** The home card sent to `person` in their personal chat. */
  async function homeOf(person: Person): Promise<Record<string, unknown>> {
    app.fake.reset();
    await app.personal('home', person);
    await app.quiet();
    const sent = app.fake
      .sent()
      .find((c) => c.conversationId === `a:personal-${person.id}` && String(c.body.text).startsWith('Your open'));
    if (!sent) throw new Error(`no home card for ${person.name}`);
    return cardOf(sent.body);
  }

  /** The lines of text under a heading (RichTextBlocks), up to the next heading. */
  function linesUnder(card: Record<string, unknown>, heading: string): string[] {
    const body = card.body as Array<{ type: string; text?: string; inlines?: Array<{ text: string }> }>;
    const start = body.findIndex((e) => e.type === 'TextBlock' && e.text === heading);
    if (start < 0) return [];
    const lines: string[] = [];
    for (const element of body.slice(start + 1)) {
      if (element.type === 'TextBlock') break;
      lines.push((element.inlines ?? []).map((i) => i.text).join(''));
    }
    return lines;
  }

  it("shows a manager this week's figures, as computed by hand", async () => {
    const card = await homeOf(MANAGER);
    if (haveCardSchema) expect(adaptiveCardErrors(card)).toEqual([]);
    // 4 slips; outcomes: recovered, recovered, still unhappy. Acknowledged 4 times, corrected 3, all in 0–30 s:
    // median at rank 2 of 4 → 30 × 2/4 = 15 s, p90 at rank 3.6 → 27 s; corrected median rank 1.5 of 3 → 15 s,
    // p90 rank 2.7 → 27 s. Comps: 3 desserts at USD 8. "Dessert on us" and "dessert on us " are one gesture: 2 of
    // its 3 outcomes recovered (enough cases to be named). One connect, by Dana.
    const lines = linesUnder(card, 'This week at a glance');
    expect(lines.slice(0, 3)).toEqual([
      '4 slips in 7 days · 2 of 3 guests recovered (67%); 1 still unhappy, 0 unreachable',
      'acknowledged: median 15 s, 90% within 27 s; 100% within 2 min (4) · corrected: median 15 s, 90% within 27 s; 100% within 6 min (3)',
      'Comps: 3, USD 24 · best gesture: dessert on us: 2 of 3 recovered (67%) · kudos: Dana Reyes (1)',
    ]);
    // then the week from the slips themselves, which agrees
    expect(lines[3]).toBe('This week: 4 slips');
  });

  it('shows staff none of the managers’ part', async () => {
    const card = await homeOf(STAFF);
    const text = JSON.stringify(card);
    expect(text).toContain('Your open slips');
    expect(linesUnder(card, 'This week at a glance')).toEqual([]);
    for (const managersOnly of ['Manager view', 'at a glance', 'slips in 7 days', 'USD 24', 'best gesture', 'kudos'])
      expect(text).not.toContain(managersOnly);
  });

  it('gives a manager the full report with "insights", for the workspace or the channel; staff none', async () => {
    app.fake.reset();
    await app.personal('insights 7d #shift-floor', MANAGER);
    await app.quiet();
    const [report] = app.fake.sent().map((s) => String(s.body.text));
    expect(report).toMatch(/^Insights in #shift-floor, last 7 days \(/);
    expect(report).toContain('• Slips: 4 (Wrong order 2, ');
    expect(report).toContain('• Comps: 3, USD 24; by gesture: dessert on us 3 (USD 24)');
    app.fake.reset();
    await app.personal('insights 7d', STAFF);
    await app.quiet();
    expect(app.fake.sent().map((s) => String(s.body.text))).toEqual(['Only managers can see insights.']);
  });
});
