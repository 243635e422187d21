import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (GET /metrics on the web role). One registry per process role, so tests that
 * start several roles in one process do not collide.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Model tailoring attempts by how they ended: ok, cache_hit, off, late, not_a_slip, borderline_slip, LLM_* codes. */
  readonly modelOutcomes = new Counter({
    name: 'recovery_coach_model_outcomes_total',
    help: 'Model tailoring attempts by outcome (LLM_* codes are fallbacks to the rules card)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Errors reported, by code. */
  readonly errors = new Counter({
    name: 'recovery_coach_errors_total',
    help: 'Errors reported, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'recovery_coach_' });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
