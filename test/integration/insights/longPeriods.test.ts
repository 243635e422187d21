import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import type { DayIncrement } from '../../../src/insights/ports';
import { InsightsService } from '../../../src/insights/service';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';

/**
 * A long period is read as whole months plus days; the figures must be exactly those of reading every day. The
 * counters are written as the recorder writes them (days and months, the workspace's and a channel's, in one
 * MULTI), over 300 days.
 */
describe('insights over long periods', () => {
  let db: TestRedis;
  const now = Date.UTC(2026, 10, 23, 12, 0);
  const playbooks = new StaticPlaybookSource(defaultPlaybook('restaurant', 'UTC'));

  beforeAll(async () => {
    db = await connectTestRedis('insl');
    const store = new RedisInsightsStore(db.redis, { prefix: db.prefix });
    const categories = ['wrong_order', 'long_wait', 'food_quality', 'billing'];
    for (let d = 0; d < 300; d++) {
      const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
      const increments: DayIncrement[] = [];
      const slips = 1 + ((d * 7) % 5);
      for (let i = 0; i < slips; i++) {
        const category = categories[(d + i) % categories.length]!;
        increments.push({ day, field: 'n', by: 1 }, { day, field: `c|${category}`, by: 1 });
        increments.push({ day, field: `s|${i % 2 ? 'high' : 'medium'}`, by: 1 });
        if (i % 2 === 0) increments.push({ day, field: 'o|recovered', by: 1 }, { day, field: `k|sam`, by: 1 });
      }
      // a slip later marked not a slip comes off its day
      if (d % 11 === 0) increments.push({ day, field: 'n', by: -1 }, { day, field: `c|${categories[d % 4]}`, by: -1 });
      // each day's slips in one of two channels, kept beside the workspace's counters
      await store.add('tenant-a', increments, d % 3 === 0 ? 'C8' : 'C9');
    }
  });
  afterAll(() => db.cleanup());

  it.each([30, 90, 200, 300])(
    'the last %i days read through months equal the same days read one by one',
    async (days) => {
      const store = new RedisInsightsStore(db.redis, { prefix: db.prefix });
      const monthly = new InsightsService({ counters: store, digests: store, playbooks, clock: () => now });
      const daily = new InsightsService({
        counters: { add: store.add.bind(store), read: store.read.bind(store) },
        digests: store,
        playbooks,
        clock: () => now,
      });
      const [viaMonths, viaDays] = await Promise.all([
        monthly.report('tenant-a', days),
        daily.report('tenant-a', days),
      ]);
      expect(viaMonths).toEqual(viaDays);
      expect(viaMonths.slips.perDay).toHaveLength(days);
      expect(viaMonths.slips.total).toBeGreaterThan(days);
      // a channel's figures too: through months as through days, and the two channels make the workspace
      const [c8, c9, c9Daily] = await Promise.all([
        monthly.report('tenant-a', days, undefined, 'C8'),
        monthly.report('tenant-a', days, undefined, 'C9'),
        daily.report('tenant-a', days, undefined, 'C9'),
      ]);
      expect(c9).toEqual(c9Daily);
      expect(c8.slips.total).toBeGreaterThan(0);
      expect(c8.slips.total + c9.slips.total).toBe(viaMonths.slips.total);
      expect(c8.slips.perDay.map((d, i) => d.count + c9.slips.perDay[i]!.count)).toEqual(
        viaMonths.slips.perDay.map((d) => d.count),
      );
      expect(c8.recovery.recovered + c9.recovery.recovered).toBe(viaMonths.recovery.recovered);
    },
  );
});
