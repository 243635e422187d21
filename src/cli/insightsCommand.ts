import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import type { Insights } from '../insights/figures';
import { parseFormat, parseSince } from './period';

export const INSIGHTS_HELP = `usage: recovery-coach insights --workspace <T0123|tenant> [--channel <C0123>] [--since 30d] [--format table|csv|json] [--redis url]

  The workspace's insights for the last N days (d) or weeks (w), read from the counters kept as slips change:
  slips by category and severity, recovery rate, time to acknowledge and to correct (median, 90th percentile),
  comps by category, gesture, role and person, what works, repeat guests, rising problems and kudos.
  --channel: the same figures for the slips reported in one channel the workspace watches (its id).`;

export interface InsightsArgs {
  workspace: string;
  channel?: string;
  days: number;
  format: 'table' | 'csv' | 'json';
  redis?: string;
}

export function parseInsightsArgs(argv: string[]): InsightsArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      channel: { type: 'string' },
      since: { type: 'string', default: '30d' },
      format: { type: 'string', default: 'table' },
      redis: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  if (!values.workspace) throw new AppError('BAD_INPUT', INSIGHTS_HELP);
  const days = parseSince(values.since);
  const format = parseFormat(values.format, ['table', 'csv', 'json'] as const);
  if (values.channel !== undefined && !/^\S+$/.test(values.channel))
    throw new AppError('BAD_INPUT', `--channel takes a channel id (C0123…), not "${values.channel}"`);
  return { workspace: values.workspace, channel: values.channel, days, format, redis: values.redis };
}

/** Every figure as rows of figure, key and value (the table and CSV formats). */
export function insightRows(i: Insights): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [
    ...(i.channel ? [['period', 'channel', i.channel.id] as [string, string, string]] : []),
    ['period', 'from', i.from],
    ['period', 'to', i.to],
    ['slips', 'total', String(i.slips.total)],
    ...i.slips.byCategory.map((c): [string, string, string] => ['slips by category', c.categoryId, String(c.count)]),
    ...Object.entries(i.slips.bySeverity).map(([k, v]): [string, string, string] => [
      'slips by severity',
      k,
      String(v),
    ]),
    ['recovery', 'recovered', String(i.recovery.recovered)],
    ['recovery', 'not recovered', String(i.recovery.notRecovered)],
    ['recovery', 'unreachable', String(i.recovery.unreachable)],
    ['recovery', 'rate', i.recovery.rate === undefined ? '' : i.recovery.rate.toFixed(3)],
  ];
  for (const [name, f] of [
    ['time to acknowledge', i.acknowledge],
    ['time to correct', i.correct],
  ] as const) {
    rows.push(
      [name, 'count', String(f.count)],
      [name, 'median seconds', f.median === undefined ? '' : String(Math.round(f.median))],
      [name, 'p90 seconds', f.p90 === undefined ? '' : String(Math.round(f.p90))],
      [name, 'within target', f.withinTarget === undefined ? '' : f.withinTarget.toFixed(3)],
    );
  }
  rows.push(['comps', 'count', String(i.comps.count)], ['comps', `money ${i.currency}`, i.comps.money.toFixed(2)]);
  for (const [name, groups] of [
    ['comps by category', i.comps.byCategory],
    ['comps by gesture', i.comps.byGesture],
    ['comps by role', i.comps.byRole],
    ['comps by person', i.comps.byPerson],
  ] as const)
    for (const g of groups) rows.push([name, g.key, `${g.count} / ${g.money.toFixed(2)}`]);
  for (const g of i.gestures)
    rows.push(['recovered with gesture', `${g.categoryId} / ${g.gesture}`, `${g.recovered} of ${g.outcomes}`]);
  rows.push(['repeat guests', 'slips', String(i.repeatGuests)]);
  for (const r of i.rising)
    rows.push(['rising this week', r.categoryId, `${r.thisWeek} vs ${r.weeklyAverage.toFixed(1)} a week`]);
  for (const k of i.kudos) rows.push(['kudos', k.person, String(k.connects)]);
  return rows;
}

const csvCell = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

export function formatInsights(i: Insights, format: InsightsArgs['format']): string {
  if (format === 'json') return `${JSON.stringify(i, null, 2)}\n`;
  const rows = insightRows(i);
  if (format === 'csv')
    return `${[['figure', 'key', 'value'], ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return `${rows.map((r) => `${r[0].padEnd(widths[0]!)}  ${r[1].padEnd(widths[1]!)}  ${r[2]}`).join('\n')}\n`;
}
