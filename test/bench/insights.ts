import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { DeliveryLedger } from '../../src/followups/ports';
import { svgToPng } from '../../src/infra/chart/png';
import { BullDigestQueue } from '../../src/infra/queue/digestQueue';
import { bullPrefix, QUEUES } from '../../src/infra/queue/queues';
import { RedisInsightsStore } from '../../src/infra/redis/insightsStore';
import { bucketOf } from '../../src/insights/counters';
import { DigestDelivery } from '../../src/insights/digestDelivery';
import type { DayIncrement } from '../../src/insights/ports';
import { daysEnding, InsightsService } from '../../src/insights/service';
import { defaultPlaybook } from '../../src/playbook/load';
import type { Messenger } from '../../src/views/outbound';
import { type Bench, benchRedis, percentile, round } from './lib';

const ZONE = 'America/Chicago';
const SLIPS = 50_000;
const WORKSPACES = 500;
const CATEGORIES = ['wrong_order', 'food_quality', 'long_wait', 'billing', 'rude_staff', 'cleanliness'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const GESTURES = ['-', 'dessert on us', 'drink on us', 'comp the dish'];
const OUTCOMES = ['recovered', 'recovered', 'not_recovered', 'unreachable'];
/** The workspace's watched channels: each slip's counters are kept for its channel too, in the same MULTI. */
const CHANNELS = ['C0FLOOR', 'C0BAR', 'C0PATIO', 'C0ROOMS'];
/** Monday 23 November 2026, 09:05 in the venue's zone (a digest slot has just come). */
const NOW = DateTime.fromObject({ year: 2026, month: 11, day: 23, hour: 9, minute: 5 }, { zone: ZONE }).toMillis();

/** What the recorder adds for one slip over its life (report, ack, fix, comp, outcome, connect), on its day. */
function slipIncrements(i: number, day: string): DayIncrement[] {
  const cat = CATEGORIES[i % CATEGORIES.length]!;
  const sev = SEVERITIES[i % SEVERITIES.length]!;
  const gesture = GESTURES[i % GESTURES.length]!;
  const fields = ['n', `c|${cat}`, `s|${sev}`, `cs|${cat}|${sev}`, `ack|${bucketOf(30 + (i % 400))}`];
  const fix = bucketOf(120 + ((i * 37) % 3000));
  fields.push(`fix|${fix}`, `fixc|${cat}|${fix}`);
  if (i % 7 === 0) fields.push('rep');
  if (i % 3 === 0) {
    const outcome = OUTCOMES[i % OUTCOMES.length]!;
    fields.push(`o|${outcome}`, `g|${cat}|${gesture}|${outcome}`, `k|U${i % 40}`);
  }
  const out: DayIncrement[] = fields.map((field) => ({ day, field, by: 1 }));
  if (gesture !== '-')
    for (const p of ['comp', `compc|${cat}`, `compg|${gesture}`, 'compr|server', `compp|U${i % 40}`])
      out.push({ day, field: `${p}|n`, by: 1 }, { day, field: `${p}|m`, by: 800 });
  return out;
}

/**
 * Insights for a workspace with 50,000 slips over a year in four channels (the counters filled through the insights
 * store, one MULTI per slip with the workspace's and the channel's counters, as the recorder writes them), timed as
 * `insights 365d` and `insights 365d #channel` ask for them. Baseline: a bare pipeline of
 * HGETALLs of the same day keys, the least any read of them must do. Then the weekly digest for 500 workspaces:
 * the sweep queues each one's job and each digest is built (two reports and the chart's PNG). Baseline: a bare
 * queue add of 500 jobs.
 */
export const insightsBench: Bench = async () => {
  const server = await benchRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const prefix = 'bench';
  const store = new RedisInsightsStore(redis, { prefix });
  const playbook = defaultPlaybook('restaurant', ZONE);
  const playbooks = { current: async () => ({ playbook, version: 1 }) };
  try {
    // a year of slips for one workspace, ~137 a day
    const year = daysEnding(NOW, ZONE, 365);
    const fillStart = performance.now();
    for (let i = 0; i < SLIPS; i += 500)
      await Promise.all(
        Array.from({ length: Math.min(500, SLIPS - i) }, (_, j) =>
          store.add(
            'slack-TBIG',
            slipIncrements(i + j, year[Math.floor(((i + j) * year.length) / SLIPS)]!),
            CHANNELS[(i + j) % CHANNELS.length],
          ),
        ),
      );
    const fillMs = performance.now() - fillStart;
    const service = new InsightsService({ counters: store, playbooks, clock: () => NOW });
    const check = await service.report('slack-TBIG', 365, NOW);
    if (check.slips.total !== SLIPS) throw new Error(`expected ${SLIPS} slips, read ${check.slips.total}`);
    const channelCheck = await service.report('slack-TBIG', 365, NOW, 'C0BAR');
    if (channelCheck.slips.total !== SLIPS / CHANNELS.length)
      throw new Error(`expected ${SLIPS / CHANNELS.length} slips in C0BAR, read ${channelCheck.slips.total}`);
    const times: number[] = [];
    const channelTimes: number[] = [];
    const base: number[] = [];
    const keys = year.map((day) => `${prefix}:{slack-TBIG}:ins:${day}`);
    for (let i = 0; i < 25; i++) {
      let start = performance.now();
      await service.report('slack-TBIG', 365, NOW);
      times.push(performance.now() - start);
      start = performance.now();
      await service.report('slack-TBIG', 365, NOW, 'C0BAR');
      channelTimes.push(performance.now() - start);
      start = performance.now();
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      await pipeline.exec();
      base.push(performance.now() - start);
    }

    // 500 workspaces with a week of slips each; the sweep queues their digests, then each is built
    const tenants = Array.from({ length: WORKSPACES }, (_, i) => `slack-W${i}`);
    const lastWeek = daysEnding(NOW - 24 * 3600_000, ZONE, 14);
    await Promise.all(
      tenants.map((tenant, t) =>
        store.add(
          tenant,
          lastWeek.flatMap((day, d) => slipIncrements(t + d, day)),
        ),
      ),
    );
    const queue = new Queue(QUEUES.digests, { connection: redis, prefix: bullPrefix(prefix) });
    const digestQueue = new BullDigestQueue(queue);
    const delivery = new DigestDelivery({
      insights: service,
      digests: store,
      playbooks,
      tenants: async () => tenants,
      managers: async () => [],
      messenger: {} as Messenger,
      ledger: {} as DeliveryLedger,
      queue: digestQueue,
      renderPng: svgToPng,
      clock: () => NOW,
    });
    let start = performance.now();
    const queued = await delivery.sweep(NOW);
    const sweepMs = performance.now() - start;
    if (queued !== WORKSPACES) throw new Error(`expected ${WORKSPACES} digests queued, got ${queued}`);
    const jobs = (await queue.getJobs(['waiting'], 0, WORKSPACES)).map((j) => j.data);
    start = performance.now();
    let bytes = 0;
    for (const job of jobs) bytes += (await delivery.build(job)).png.length;
    const buildMs = performance.now() - start;
    await queue.obliterate({ force: true });
    start = performance.now();
    await Promise.all(
      tenants.map((tenant) => queue.add('digest', { tenant, week: 'x', at: NOW }, { jobId: `bare-${tenant}` })),
    );
    const bareAddMs = performance.now() - start;
    await queue.close();
    process.stderr.write(
      `filled ${SLIPS} slips in ${round(fillMs / 1000, 1)} s; ${WORKSPACES} digests: sweep ${round(sweepMs)} ms, ` +
        `build ${round(buildMs)} ms (${round(bytes / jobs.length / 1024, 1)} KB PNG each)\n`,
    );
    return [
      {
        name: 'insights 365d, 50,000 slips in a year, p50',
        value: round(percentile(times.slice(5), 50), 1),
        unit: 'ms',
        goal: '<= 100',
        baseline: { name: 'bare HGETALL of the 365 day keys', value: round(percentile(base.slice(5), 50), 1) },
      },
      {
        name: 'insights 365d, 50,000 slips in a year, p95',
        value: round(percentile(times.slice(5), 95), 1),
        unit: 'ms',
        goal: '<= 100',
        baseline: { name: 'bare HGETALL of the 365 day keys', value: round(percentile(base.slice(5), 95), 1) },
      },
      {
        name: 'insights 365d for one channel (12,500 of the 50,000 slips), p95',
        value: round(percentile(channelTimes.slice(5), 95), 1),
        unit: 'ms',
        goal: '<= 100',
        baseline: { name: 'bare HGETALL of the 365 day keys', value: round(percentile(base.slice(5), 95), 1) },
      },
      {
        name: 'digest for 500 workspaces: sweep (queued) + built (2 reports + PNG each)',
        value: round((sweepMs + buildMs) / 1000, 2),
        unit: 's',
        goal: '<= 60',
        baseline: { name: 'bare queue add of 500 jobs', value: round(bareAddMs / 1000, 3) },
      },
      {
        name: 'digest sweep for 500 workspaces (settings, slot, queue add)',
        value: round(sweepMs, 1),
        unit: 'ms',
        goal: '<= 60000',
        baseline: { name: 'bare queue add of 500 jobs', value: round(bareAddMs, 1) },
      },
    ];
  } finally {
    await redis.quit();
    await server.stop();
  }
};
