import { formatInsights } from '../../../src/cli/insightsCommand';
import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import { InsightsService } from '../../../src/insights/service';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import type { SlipService } from '../../../src/slips/service';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';
import { manualClock, message, serviceWith } from '../../helpers/slips';

/**
 * Insights per channel: the counters of each slip's channel are kept beside the workspace's, in the same MULTI, and
 * a channel's figures are those of the slips reported in it, against a fixture computed by hand. Workspace B has a
 * channel with the same id as one of A's: neither ever sees the other's.
 */
describe('insights per channel', () => {
  let db: TestRedis;
  let insights: InsightsService;
  let service: SlipService;
  let multis: string[][];
  const clock = manualClock(Date.UTC(2026, 10, 23, 12, 0));
  const playbook = defaultPlaybook('restaurant', 'UTC');
  const A = 'slack-TA';
  const B = 'slack-TB';

  beforeAll(async () => {
    db = await connectTestRedis('insch');
    // every MULTI the store sends, with the keys it writes (one round trip each)
    multis = [];
    const multi = db.redis.multi.bind(db.redis);
    db.redis.multi = ((...args: Parameters<typeof multi>) => {
      const m = multi(...args);
      const keys: string[] = [];
      multis.push(keys);
      const hincrby = m.hincrby.bind(m);
      m.hincrby = ((key: string, ...rest: [string, number]) => {
        keys.push(key);
        return hincrby(key, ...rest);
      }) as typeof m.hincrby;
      return m;
    }) as typeof db.redis.multi;
    const store = new RedisInsightsStore(db.redis, { prefix: db.prefix });
    const roles = { roleOf: async (_tenant: string, user: string) => (user === 'mia' ? 'manager' : undefined) };
    insights = new InsightsService({
      counters: store,
      playbooks: new StaticPlaybookSource(playbook),
      roles,
      clock: clock.now,
    });
    service = serviceWith({ playbook, clock: clock.now, insights, roles }).service;
    await seed();
  });
  afterAll(() => db.cleanup());

  /** Reports a slip in a channel and runs its steps at seconds after the report: one MULTI per step at most. */
  async function slip(
    tenant: string,
    channel: string,
    categoryId: string,
    steps: Array<[seconds: number, by: string, action: Parameters<SlipService['act']>[3]]>,
  ): Promise<void> {
    const start = clock.now();
    const reported = await service.report(message(`slip ${categoryId}`, { tenant, channel, user: 'alex' }), {
      force: true,
      categoryId,
    });
    if (reported.kind !== 'reported') throw new Error('not reported');
    for (const [seconds, by, action] of steps) {
      clock.advance(start + seconds * 1000 - clock.now());
      const before = multis.length;
      await service.act(tenant, reported.slip.id, by, action);
      const sent = multis.slice(before);
      expect(sent.length).toBeLessThanOrEqual(action.kind === 'followup_done' ? 2 : 1);
      // the channel's counters ride in the workspace's MULTI: no round trip of their own
      for (const keys of sent) {
        expect(keys.some((k) => k.includes(':ins:'))).toBe(true);
        expect(keys.some((k) => k.includes(`:insc:${channel}:`))).toBe(true);
      }
    }
    clock.advance(60_000);
  }

  async function seed() {
    // A, #floor (C1): two slips
    await slip(A, 'C1', 'wrong_order', [
      [50, 'alex', { kind: 'acknowledge' }],
      [100, 'alex', { kind: 'correct', gesture: 'Dessert on us', cost: 8 }],
      [300, 'alex', { kind: 'followup_done', outcome: 'recovered' }],
    ]);
    await slip(A, 'C1', 'long_wait', [
      [200, 'sam', { kind: 'acknowledge' }],
      [400, 'sam', { kind: 'correct' }],
      [500, 'sam', { kind: 'followup_done', outcome: 'not_recovered' }],
    ]);
    // A, #bar (C2): one slip, and one that was not a slip
    await slip(A, 'C2', 'wrong_order', [
      [100, 'alex', { kind: 'acknowledge' }],
      [4000, 'mia', { kind: 'correct', gesture: "Comp the table's meal", cost: 40 }],
      [4100, 'mia', { kind: 'connect' }],
      [4200, 'mia', { kind: 'followup_done', outcome: 'unreachable' }],
    ]);
    await slip(A, 'C2', 'noise', [[30, 'alex', { kind: 'dismiss' }]]);
    // B: a channel with the same id as A's #floor
    await slip(B, 'C1', 'billing', [
      [10, 'zoe', { kind: 'acknowledge' }],
      [20, 'zoe', { kind: 'correct', gesture: 'Refund', cost: 5 }],
      [30, 'zoe', { kind: 'connect' }],
      [40, 'zoe', { kind: 'followup_done', outcome: 'recovered' }],
    ]);
  }

  it("gives one channel's figures: only the slips reported in it", async () => {
    const floor = await insights.report(A, 7, undefined, 'C1');
    expect(floor.channel).toEqual({ id: 'C1' });
    expect(floor.slips.total).toBe(2);
    expect(floor.slips.byCategory.map((c) => [c.categoryId, c.count])).toEqual([
      ['long_wait', 1],
      ['wrong_order', 1],
    ]);
    expect(floor.slips.perDay.at(-1)).toEqual({ day: '2026-11-23', count: 2 });
    expect(floor.recovery).toEqual({ recovered: 1, notRecovered: 1, unreachable: 0, outcomes: 2, rate: 0.5 });
    // acknowledged after 50 and 200 s: buckets (30,60] and (180,240]; median rank 1 → 60, p90 rank 1.8 → 228
    expect(floor.acknowledge).toEqual({ count: 2, median: 60, p90: 228, withinTarget: 0.5, targetSeconds: 120 });
    // corrected after 100 and 400 s: buckets (90,120] and (360,480]; median → 120, p90 → 360 + 120 × 0.8 = 456
    expect(floor.correct).toEqual({ count: 2, median: 120, p90: 456, withinTarget: 0.5, targetSeconds: 360 });
    expect([floor.comps.count, floor.comps.money]).toEqual([1, 8]);
    expect(floor.comps.byGesture.map((g) => [g.key, g.count, g.money])).toEqual([['dessert on us', 1, 8]]);
    expect(floor.gestures.map((g) => [g.categoryId, g.gesture, g.recovered, g.outcomes])).toEqual([
      ['wrong_order', 'dessert on us', 1, 1],
      ['long_wait', '-', 0, 1],
    ]);
    expect(floor.slowestCategory).toEqual({ categoryId: 'long_wait', name: 'Long wait', median: 420, count: 1 });
    expect(floor.kudos).toEqual([]);

    const bar = await insights.report(A, 7, undefined, 'C2');
    // the slip marked not a slip is out of its channel too
    expect(bar.slips.total).toBe(1);
    expect(bar.slips.byCategory.map((c) => [c.categoryId, c.count])).toEqual([['wrong_order', 1]]);
    expect(bar.recovery).toEqual({ recovered: 0, notRecovered: 0, unreachable: 1, outcomes: 1, rate: 0 });
    // 100 s in (90,120]: median 90 + 30 × 0.5 = 105, p90 90 + 30 × 0.9 = 117
    expect(bar.acknowledge).toEqual({ count: 1, median: 105, p90: 117, withinTarget: 1, targetSeconds: 120 });
    // 4000 s in (3600,7200]: median 5400, p90 6840
    expect(bar.correct).toEqual({ count: 1, median: 5400, p90: 6840, withinTarget: 0, targetSeconds: 360 });
    expect([bar.comps.count, bar.comps.money]).toEqual([1, 40]);
    expect(bar.kudos).toEqual([{ person: 'mia', connects: 1 }]);
  });

  it("keeps the workspace's figures whole: every channel's slips together", async () => {
    const all = await insights.report(A, 7);
    expect(all.channel).toBeUndefined();
    expect(all.slips.total).toBe(3);
    expect(all.recovery).toEqual({ recovered: 1, notRecovered: 1, unreachable: 1, outcomes: 3, rate: 1 / 3 });
    expect([all.acknowledge.count, all.correct.count, all.comps.count, all.comps.money]).toEqual([3, 3, 2, 48]);
    expect(all.kudos).toEqual([{ person: 'mia', connects: 1 }]);
  });

  it("never counts another workspace's slips in a channel, even one with the same id", async () => {
    const a = await insights.report(A, 7, undefined, 'C1');
    expect(a.slips.byCategory.map((c) => c.categoryId)).not.toContain('billing');
    expect(a.comps.byPerson.map((p) => p.key)).toEqual(['alex']);
    expect(a.comps.byGesture.map((g) => g.key)).not.toContain('refund');
    expect(a.kudos.map((k) => k.person)).not.toContain('zoe');
    const b = await insights.report(B, 7, undefined, 'C1');
    expect(b.slips.total).toBe(1);
    expect(b.slips.byCategory.map((c) => c.categoryId)).toEqual(['billing']);
    expect(b.recovery).toEqual({ recovered: 1, notRecovered: 0, unreachable: 0, outcomes: 1, rate: 1 });
    expect([b.acknowledge.count, b.correct.count, b.comps.count, b.comps.money]).toEqual([1, 1, 1, 5]);
    expect(b.kudos).toEqual([{ person: 'zoe', connects: 1 }]);
    // B has no #bar: nothing of A's C2 shows there
    const none = await insights.report(B, 7, undefined, 'C2');
    expect(none.slips.total + none.recovery.outcomes + none.acknowledge.count + none.comps.count).toBe(0);
    expect([none.gestures, none.kudos, none.rising]).toEqual([[], [], []]);
  });

  it('names the channel in the export', async () => {
    const csv = formatInsights(await insights.report(A, 7, undefined, 'C1'), 'csv');
    expect(csv.split('\n').slice(0, 2)).toEqual(['figure,key,value', 'period,channel,C1']);
    expect(csv).toContain('slips,total,2\n');
  });
});
