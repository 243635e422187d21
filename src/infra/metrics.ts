import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Job counts of one queue, read when /metrics is scraped. */
export type QueueDepths = () => Promise<Array<{ queue: string; state: string; count: number }>>;

/**
 * The process's Prometheus metrics (GET /metrics). One registry per role instance, so tests that start several roles
 * in one process do not collide. Labels never carry guest data: categories, severities, codes, routes, queues.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'recovery_coach_http_requests_total',
    help: 'HTTP requests by route and status (Slack events, Teams activities, health)',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly slips = new Counter({
    name: 'recovery_coach_slips_total',
    help: 'Slips logged, by playbook category and severity',
    labelNames: ['category', 'severity'] as const,
    registers: [this.registry],
  });
  readonly cards = new Counter({
    name: 'recovery_coach_cards_posted_total',
    help: 'Recovery cards posted, by platform',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  /** Model tailoring attempts by how they ended: ok, cache_hit, off, late, not_a_slip, borderline_slip, LLM_* codes. */
  readonly modelOutcomes = new Counter({
    name: 'recovery_coach_model_outcomes_total',
    help: 'Model tailoring attempts by outcome (LLM_* codes are fallbacks to the rules card)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly reminderLateness = new Histogram({
    name: 'recovery_coach_reminder_lateness_seconds',
    help: 'How long after its due time a follow-up reminder was delivered',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'recovery_coach_errors_total',
    help: 'Errors reported, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private depths: QueueDepths | undefined;

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'recovery_coach_' });
    const metrics = this;
    new Gauge({
      name: 'recovery_coach_queue_jobs',
      help: 'Jobs in the BullMQ queues, by state (waiting, delayed, active, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { queue, state, count } of (await metrics.depths?.().catch(() => [])) ?? [])
          this.set({ queue, state }, count);
      },
    });
  }

  /** Where the queue depths come from (the role that owns the queues). */
  watchQueues(depths: QueueDepths): void {
    this.depths = depths;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
