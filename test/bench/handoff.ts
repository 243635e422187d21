import { shiftAt } from '../../src/handoff/schedule';
import { buildHandoffSummary } from '../../src/handoff/summary';
import { renderHandoff } from '../../src/platforms/slack/blocks/handoff';
import { defaultPlaybook } from '../../src/playbook/load';
import { applyAction } from '../../src/slips/lifecycle';
import type { Slip } from '../../src/slips/slip';
import { aSlip } from '../helpers/fixtures';
import { type Bench, percentile, round } from './lib';

/**
 * Building (and rendering to Block Kit) the handoff for a shift with 1,000 slips. Baseline: sorting and grouping the
 * same slips by category alone, the least any summary must do.
 */
export const handoffBench: Bench = async () => {
  const schedule = { boundaries: ['06:00', '14:00', '22:00'], timezone: 'America/Chicago' };
  const shift = shiftAt(schedule, Date.UTC(2026, 10, 22, 23));
  const next = shiftAt(schedule, shift.end);
  const categories = ['wrong_order', 'food_quality', 'long_wait', 'billing', 'rude_staff'];
  const slips: Slip[] = Array.from({ length: 1000 }, (_, i) => {
    let slip = aSlip({
      id: String(i + 1),
      messageRef: `m${i}`,
      categoryId: categories[i % categories.length],
      severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
      guestRef: { text: `T${i % 300}`, key: `table:${i % 300}`, kind: 'table' },
      createdAt: shift.start + i * 20_000,
      escalated: i % 97 === 0,
    });
    if (i % 3 === 0) {
      slip = applyAction(slip, { kind: 'acknowledge' }, `U${i % 12}`, slip.createdAt + 1);
      slip = applyAction(slip, { kind: 'correct' }, `U${i % 12}`, slip.createdAt + 2);
      slip = applyAction(slip, { kind: 'connect' }, `U${i % 12}`, slip.createdAt + 3);
    }
    return slip;
  });
  const playbook = defaultPlaybook();
  const open = slips.filter((s) => s.status !== 'connected');
  const build = () =>
    renderHandoff(
      buildHandoffSummary({
        tenant: 'slack-T1',
        channel: 'C1',
        schedule: { ...schedule, quiet: 'line' },
        shift,
        nextShift: next,
        shiftSlips: slips,
        openSlips: open,
        playbook,
      }),
    );
  const times: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 30; i++) {
    let start = performance.now();
    build();
    times.push(performance.now() - start);
    start = performance.now();
    const groups = new Map<string, Slip[]>();
    for (const slip of [...slips].sort((a, b) => a.createdAt - b.createdAt))
      groups.set(slip.categoryId, [...(groups.get(slip.categoryId) ?? []), slip]);
    base.push(performance.now() - start);
  }
  return [
    {
      name: 'handoff summary, 1,000 slips (build + Block Kit), p50',
      value: round(percentile(times.slice(5), 50), 2),
      unit: 'ms',
      goal: '<= 100',
      baseline: { name: 'sort + group only', value: round(percentile(base.slice(5), 50), 2) },
    },
  ];
};
