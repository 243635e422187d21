import { formatInsights } from '../../../src/cli/insightsCommand';
import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import { InsightsService } from '../../../src/insights/service';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import type { SlipService } from '../../../src/slips/service';
import type { Slip } from '../../../src/slips/slip';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';
import { manualClock, message, serviceWith } from '../../helpers/slips';

/**
 * Every insight figure against a fixture computed by hand, kept in Redis as the slips change (through SlipService,
 * as in production), and every figure kept apart per tenant.
 */
describe('insights figures', () => {
  let db: TestRedis;
  let insights: InsightsService;
  let service: SlipService;
  let adds: number;
  const clock = manualClock(Date.UTC(2026, 10, 23, 12, 0));
  const playbook = defaultPlaybook('restaurant', 'UTC');
  const roles: Record<string, string> = { alex: 'server', sam: 'shift_lead', mia: 'manager' };

  beforeAll(async () => {
    db = await connectTestRedis('ins');
    const store = new RedisInsightsStore(db.redis, { prefix: db.prefix });
    adds = 0;
    const counting = {
      add: async (...args: Parameters<RedisInsightsStore['add']>) => {
        adds++;
        return store.add(...args);
      },
      read: store.read.bind(store),
    };
    const resolver = { roleOf: async (_tenant: string, user: string) => roles[user] };
    insights = new InsightsService({
      counters: counting,
      playbooks: new StaticPlaybookSource(playbook),
      roles: resolver,
      clock: clock.now,
    });
    service = serviceWith({ playbook, clock: clock.now, insights, roles: resolver }).service;
    await seed();
  });
  afterAll(() => db.cleanup());

  /** Reports a slip and runs its steps at seconds after the report; at most one counter write per change. */
  async function slip(
    tenant: string,
    categoryId: string,
    steps: Array<[seconds: number, by: string, action: Parameters<SlipService['act']>[3]]>,
    guestRef?: string,
  ): Promise<Slip> {
    const start = clock.now();
    const reported = await service.report(message(`slip ${categoryId}`, { tenant, user: 'alex' }), {
      force: true,
      categoryId,
      guestRef,
    });
    if (reported.kind !== 'reported') throw new Error('not reported');
    let current = reported.slip;
    for (const [seconds, by, action] of steps) {
      clock.advance(start + seconds * 1000 - clock.now());
      const before = adds;
      current = await service.act(tenant, current.id, by, action);
      expect(adds - before).toBeLessThanOrEqual(action.kind === 'followup_done' ? 2 : 1);
    }
    clock.advance(60_000);
    return current;
  }

  const A = 'slack-TA';
  const B = 'slack-TB';
  let slipsA: Slip[] = [];

  async function seed() {
    slipsA = [
      await slip(
        A,
        'wrong_order',
        [
          [50, 'alex', { kind: 'acknowledge' }],
          [100, 'alex', { kind: 'correct', gesture: 'Dessert on us', cost: 8 }],
          [200, 'alex', { kind: 'connect' }],
          [300, 'alex', { kind: 'followup_done', outcome: 'recovered' }],
        ],
        'T12',
      ),
      await slip(
        A,
        'wrong_order',
        [
          [100, 'sam', { kind: 'acknowledge' }],
          [300, 'sam', { kind: 'correct', gesture: 'dessert on us ', cost: 8 }],
          [400, 'sam', { kind: 'followup_done', outcome: 'recovered' }],
        ],
        'T12',
      ),
      await slip(A, 'long_wait', [
        [100, 'sam', { kind: 'acknowledge' }],
        [200, 'sam', { kind: 'correct' }],
        [500, 'sam', { kind: 'followup_done', outcome: 'not_recovered' }],
      ]),
      await slip(A, 'long_wait', [
        [200, 'alex', { kind: 'acknowledge' }],
        [4000, 'mia', { kind: 'correct', gesture: "Comp the table's meal", cost: 40 }],
        [4100, 'mia', { kind: 'connect' }],
        [4200, 'mia', { kind: 'followup_done', outcome: 'unreachable' }],
      ]),
      // not a slip after all: counted for nothing
      await slip(A, 'noise', [[30, 'alex', { kind: 'dismiss' }]]),
    ];
    await slip(B, 'billing', [
      [10, 'alex', { kind: 'acknowledge' }],
      [20, 'alex', { kind: 'correct', gesture: 'Refund', cost: 5 }],
      [30, 'alex', { kind: 'connect' }],
      [40, 'alex', { kind: 'followup_done', outcome: 'recovered' }],
    ]);
  }

  it('counts slips by category and severity, and repeat guests', async () => {
    const figures = await insights.report(A, 7);
    expect(figures.slips.total).toBe(4);
    expect(figures.slips.byCategory.map((c) => [c.categoryId, c.count])).toEqual([
      ['long_wait', 2],
      ['wrong_order', 2],
    ]);
    const bySeverity = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const s of slipsA.slice(0, 4)) bySeverity[s.severity]++;
    expect(figures.slips.bySeverity).toEqual(bySeverity);
    expect(figures.repeatGuests).toBe(1);
    expect(figures.slips.perDay.at(-1)).toEqual({ day: '2026-11-23', count: 4 });
  });

  it('gives the recovery rate of the slips with a follow-up outcome', async () => {
    const { recovery } = await insights.report(A, 7);
    expect(recovery).toEqual({ recovered: 2, notRecovered: 1, unreachable: 1, outcomes: 4, rate: 0.5 });
  });

  it('gives the median and 90th percentile times from the histogram buckets', async () => {
    const figures = await insights.report(A, 7);
    // acknowledged after 50, 100, 100, 200 s: buckets (30,60] (90,120]×2 (180,240]
    expect(figures.acknowledge).toEqual({ count: 4, median: 105, p90: 216, withinTarget: 0.75, targetSeconds: 120 });
    // corrected after 100, 300, 200, 4000 s: buckets (90,120] (240,360] (180,240] (3600,7200]
    expect(figures.correct).toEqual({ count: 4, median: 240, p90: 5760, withinTarget: 0.75, targetSeconds: 360 });
    expect(figures.slowestCategory).toEqual({ categoryId: 'long_wait', name: 'Long wait', median: 240, count: 2 });
  });

  it('counts comps and money by category, gesture, role and person', async () => {
    const { comps } = await insights.report(A, 7);
    expect(comps.count).toBe(3);
    expect(comps.money).toBe(56);
    const short = (groups: typeof comps.byGesture) => groups.map((g) => [g.key, g.count, g.money]);
    expect(short(comps.byGesture)).toEqual([
      ["comp the table's meal", 1, 40],
      ['dessert on us', 2, 16],
    ]);
    expect(short(comps.byCategory)).toEqual([
      ['long_wait', 1, 40],
      ['wrong_order', 2, 16],
    ]);
    expect(short(comps.byRole)).toEqual([
      ['manager', 1, 40],
      ['server', 1, 8],
      ['shift_lead', 1, 8],
    ]);
    expect(comps.byRole[0]!.name).toBe('Manager');
    const csv = formatInsights(await insights.report(A, 7), 'csv');
    expect(csv).toContain('comps,money USD,56.00\ncomps by category,long_wait,1 / 40.00');
    expect(short(comps.byPerson)).toEqual([
      ['mia', 1, 40],
      ['alex', 1, 8],
      ['sam', 1, 8],
    ]);
  });

  it('says which gestures go with "recovered" for which slips, with counts', async () => {
    const figures = await insights.report(A, 7);
    expect(figures.gestures.map((g) => [g.categoryId, g.gesture, g.recovered, g.outcomes])).toEqual([
      ['wrong_order', 'dessert on us', 2, 2],
      ['long_wait', '-', 0, 1],
      ['long_wait', "comp the table's meal", 0, 1],
    ]);
    // two cases are too few to call a gesture the best
    expect(figures.bestGesture).toBeUndefined();
  });

  it('finds the problems rising this week, and kudos for recoveries with a connect step', async () => {
    const figures = await insights.report(A, 7);
    expect(figures.rising.map((r) => [r.categoryId, r.thisWeek, r.weeklyAverage])).toEqual([
      ['long_wait', 2, 0],
      ['wrong_order', 2, 0],
    ]);
    expect(figures.kudos).toEqual([
      { person: 'alex', connects: 1 },
      { person: 'mia', connects: 1 },
    ]);
  });

  it('keeps every figure to its own tenant', async () => {
    const b = await insights.report(B, 7);
    expect(b.slips.total).toBe(1);
    expect(b.slips.byCategory.map((c) => c.categoryId)).toEqual(['billing']);
    expect(b.recovery).toEqual({ recovered: 1, notRecovered: 0, unreachable: 0, outcomes: 1, rate: 1 });
    expect([b.acknowledge.count, b.correct.count]).toEqual([1, 1]);
    expect([b.comps.count, b.comps.money, b.comps.byPerson.map((p) => p.key)]).toEqual([1, 5, ['alex']]);
    expect(b.gestures.map((g) => g.gesture)).toEqual(['refund']);
    expect(b.kudos).toEqual([{ person: 'alex', connects: 1 }]);
    expect([b.repeatGuests, b.rising.length]).toEqual([0, 0]);
    const none = await insights.report('slack-TC', 7);
    expect(none.slips.total + none.recovery.outcomes + none.acknowledge.count + none.correct.count).toBe(0);
    expect([none.comps.count, none.gestures, none.kudos, none.rising, none.repeatGuests]).toEqual([0, [], [], [], 0]);
  });
});
