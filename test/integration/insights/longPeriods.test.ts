import { RedisInsightsStore } from '../../../src/infra/redis/insightsStore';
import type { DayIncrement } from '../../../src/insights/ports';
import { InsightsService } from '../../../src/insights/service';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';

/**
 * A long period is read as whole months plus days; the figures must be exactly those of reading every day. The
 * counters are written as the recorder writes them (days and months in one MULTI), over 300 days.
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
      await store.add('tenant-a', increments);
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
    },
  );
});
