import type { Playbook, Severity } from '../playbook/schema';
import type { FollowUpOutcome } from '../slips/slip';
import { BUCKETS_S, type DayCounters } from './counters';

/** The default targets the time figures are measured against (minutes): acknowledge within 2, correct within 6. */
export const TIME_TARGETS_S = { acknowledge: 120, correct: 360 } as const;

/** Fewer follow-up outcomes than this for a gesture and it is shown, but never called the one that works best. */
export const MIN_CASES = 3;

const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical'];

export interface TimeFigure {
  /** Slips with this step timed in the period. */
  count: number;
  /** Seconds, from the histogram (interpolated inside a bucket); undefined with no slips. */
  median?: number;
  p90?: number;
  /** Share (0–1) within the default target. */
  withinTarget?: number;
  targetSeconds: number;
}

export interface CompGroup {
  key: string;
  name: string;
  count: number;
  money: number;
}

export interface GestureFigure {
  categoryId: string;
  category: string;
  /** "-" when the slip had no gesture (an apology and a fix). */
  gesture: string;
  recovered: number;
  outcomes: number;
}

export interface Insights {
  tenant: string;
  /** One channel's figures (the slips reported in it); absent for the whole workspace's. */
  channel?: { id: string; name?: string };
  /** The venue's days the figures cover, oldest and newest (YYYY-MM-DD, both included). */
  from: string;
  to: string;
  days: number;
  currency: string;
  slips: {
    total: number;
    byCategory: Array<{ categoryId: string; name: string; count: number }>;
    bySeverity: Record<Severity, number>;
    byCategorySeverity: Array<{ categoryId: string; severity: Severity; count: number }>;
    /** Slips reported per day, oldest first (the chart). */
    perDay: Array<{ day: string; count: number }>;
  };
  /** Recovered, of the slips whose follow-up has an outcome. */
  recovery: { recovered: number; notRecovered: number; unreachable: number; outcomes: number; rate?: number };
  acknowledge: TimeFigure;
  correct: TimeFigure;
  comps: {
    count: number;
    money: number;
    byCategory: CompGroup[];
    byGesture: CompGroup[];
    byRole: CompGroup[];
    byPerson: CompGroup[];
  };
  /** Which gestures go with "recovered", per category, most outcomes first. */
  gestures: GestureFigure[];
  /** The gesture with the best recovery rate over at least MIN_CASES outcomes, all categories together. */
  bestGesture?: { gesture: string; recovered: number; outcomes: number; rate: number };
  /** The category slowest to correct (median), among those with a corrected slip. */
  slowestCategory?: { categoryId: string; name: string; median: number; count: number };
  repeatGuests: number;
  /** Categories with more slips in the last 7 days than the weekly average of the 4 weeks before. */
  rising: Array<{ categoryId: string; name: string; thisWeek: number; weeklyAverage: number }>;
  /** Recoveries completed with a connect step, by person, most first. */
  kudos: Array<{ person: string; connects: number }>;
}

/** A day and its counters. */
export interface CountedDay {
  day: string;
  counters: DayCounters;
}

function sum(days: CountedDay[]): DayCounters {
  const total: DayCounters = {};
  for (const { counters } of days)
    for (const [field, value] of Object.entries(counters)) total[field] = (total[field] ?? 0) + value;
  return total;
}

/** A percentile from histogram counts: the bucket where the rank falls, interpolated linearly inside it. */
export function percentileOf(histogram: number[], p: number): number | undefined {
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n <= 0) return undefined;
  const rank = p * n;
  let before = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count > 0 && before + count >= rank) {
      const lower = i === 0 ? 0 : BUCKETS_S[i - 1]!;
      const upper = BUCKETS_S[i];
      // the open bucket (over a day) has no upper bound: its lower bound is what can be said
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * Math.max(0, rank - before)) / count;
    }
    before += count;
  }
  return undefined;
}

function histogramOf(total: DayCounters, prefix: string): number[] {
  return Array.from({ length: BUCKETS_S.length + 1 }, (_, i) => Math.max(0, total[`${prefix}|${i}`] ?? 0));
}

function timeFigure(histogram: number[], targetSeconds: number): TimeFigure {
  const count = histogram.reduce((a, b) => a + b, 0);
  if (count === 0) return { count, targetSeconds };
  const within = histogram.reduce(
    (acc, c, i) => acc + (i < BUCKETS_S.length && BUCKETS_S[i]! <= targetSeconds ? c : 0),
    0,
  );
  return {
    count,
    median: percentileOf(histogram, 0.5),
    p90: percentileOf(histogram, 0.9),
    withinTarget: within / count,
    targetSeconds,
  };
}

/** Fields `prefix|a|b…` split into their parts after the prefix, with their values. */
function entries(total: DayCounters, prefix: string): Array<{ parts: string[]; value: number }> {
  const start = `${prefix}|`;
  const out: Array<{ parts: string[]; value: number }> = [];
  for (const [field, value] of Object.entries(total))
    if (field.startsWith(start) && value !== 0) out.push({ parts: field.slice(start.length).split('|'), value });
  return out;
}

function compGroups(total: DayCounters, prefix: string, name: (key: string) => string): CompGroup[] {
  const groups = new Map<string, CompGroup>();
  for (const { parts, value } of entries(total, prefix)) {
    const [key = '?', what] = parts;
    const group = groups.get(key) ?? { key, name: name(key), count: 0, money: 0 };
    if (what === 'n') group.count += value;
    else if (what === 'm') group.money += value / 100;
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.count > 0)
    .sort((a, b) => b.money - a.money || b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * The figures for the last `period` days of `days` (oldest first, ending on the venue's today; 35 or more days, so
 * the 4 weeks before this one are there for "rising").
 */
export function summarize(input: { tenant: string; days: CountedDay[]; period: number; playbook: Playbook }): Insights {
  const { playbook } = input;
  const period = input.days.slice(-input.period);
  const total = sum(period);
  const get = (field: string) => Math.max(0, total[field] ?? 0);
  const categoryName = (id: string) => playbook.categories.find((c) => c.id === id)?.name ?? id;
  const roleName = (id: string) => playbook.roles.find((r) => r.id === id)?.name ?? id;

  const byCategory = entries(total, 'c')
    .map(({ parts, value }) => ({ categoryId: parts[0]!, name: categoryName(parts[0]!), count: value }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, get(`s|${s}`)])) as Record<Severity, number>;
  const byCategorySeverity = entries(total, 'cs')
    .map(({ parts, value }) => ({ categoryId: parts[0]!, severity: parts[1] as Severity, count: value }))
    .filter((c) => c.count > 0)
    .sort(
      (a, b) =>
        a.categoryId.localeCompare(b.categoryId) ||
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    );

  const outcome = (o: FollowUpOutcome) => get(`o|${o}`);
  const outcomes = outcome('recovered') + outcome('not_recovered') + outcome('unreachable');

  const gestureCounts = new Map<string, GestureFigure>();
  for (const { parts, value } of entries(total, 'g')) {
    const [categoryId = '?', gesture = '-', result] = parts;
    const key = `${categoryId}|${gesture}`;
    const figure = gestureCounts.get(key) ?? {
      categoryId,
      category: categoryName(categoryId),
      gesture,
      recovered: 0,
      outcomes: 0,
    };
    figure.outcomes += value;
    if (result === 'recovered') figure.recovered += value;
    gestureCounts.set(key, figure);
  }
  const gestures = [...gestureCounts.values()]
    .filter((g) => g.outcomes > 0)
    .sort((a, b) => b.outcomes - a.outcomes || b.recovered - a.recovered || a.gesture.localeCompare(b.gesture));
  const byGesture = new Map<string, { recovered: number; outcomes: number }>();
  for (const g of gestures) {
    const all = byGesture.get(g.gesture) ?? { recovered: 0, outcomes: 0 };
    all.recovered += g.recovered;
    all.outcomes += g.outcomes;
    byGesture.set(g.gesture, all);
  }
  const bestGesture = [...byGesture.entries()]
    .filter(([gesture, g]) => gesture !== '-' && g.outcomes >= MIN_CASES)
    .map(([gesture, g]) => ({ gesture, ...g, rate: g.recovered / g.outcomes }))
    .sort((a, b) => b.rate - a.rate || b.outcomes - a.outcomes || a.gesture.localeCompare(b.gesture))[0];

  const fixCategories = new Set(entries(total, 'fixc').map((e) => e.parts[0]!));
  const slowestCategory = [...fixCategories]
    .map((categoryId) => {
      const histogram = histogramOf(total, `fixc|${categoryId}`);
      return {
        categoryId,
        name: categoryName(categoryId),
        median: percentileOf(histogram, 0.5),
        count: histogram.reduce((a, b) => a + b, 0),
      };
    })
    .filter((c): c is { categoryId: string; name: string; median: number; count: number } => c.median !== undefined)
    .sort((a, b) => b.median - a.median || b.count - a.count || a.name.localeCompare(b.name))[0];

  const thisWeek = sum(input.days.slice(-7));
  const before = sum(input.days.slice(-35, -7));
  const weeksBefore = Math.max(1, Math.min(4, Math.floor(input.days.slice(-35, -7).length / 7)));
  const rising = entries(thisWeek, 'c')
    .map(({ parts, value }) => ({
      categoryId: parts[0]!,
      name: categoryName(parts[0]!),
      thisWeek: value,
      weeklyAverage: Math.max(0, before[`c|${parts[0]}`] ?? 0) / weeksBefore,
    }))
    .filter((r) => r.thisWeek >= 2 && r.thisWeek > r.weeklyAverage * 1.5)
    .sort((a, b) => b.thisWeek - b.weeklyAverage - (a.thisWeek - a.weeklyAverage) || a.name.localeCompare(b.name));

  return {
    tenant: input.tenant,
    from: period[0]?.day ?? '',
    to: period[period.length - 1]?.day ?? '',
    days: period.length,
    currency: playbook.venue.currency,
    slips: {
      total: get('n'),
      byCategory,
      bySeverity,
      byCategorySeverity,
      perDay: period.map(({ day, counters }) => ({ day, count: Math.max(0, counters.n ?? 0) })),
    },
    recovery: {
      recovered: outcome('recovered'),
      notRecovered: outcome('not_recovered'),
      unreachable: outcome('unreachable'),
      outcomes,
      rate: outcomes > 0 ? outcome('recovered') / outcomes : undefined,
    },
    acknowledge: timeFigure(histogramOf(total, 'ack'), TIME_TARGETS_S.acknowledge),
    correct: timeFigure(histogramOf(total, 'fix'), TIME_TARGETS_S.correct),
    comps: {
      count: get('comp|n'),
      money: get('comp|m') / 100,
      byCategory: compGroups(total, 'compc', categoryName),
      byGesture: compGroups(total, 'compg', (g) => g),
      byRole: compGroups(total, 'compr', roleName),
      byPerson: compGroups(total, 'compp', (p) => p),
    },
    gestures,
    bestGesture,
    slowestCategory,
    repeatGuests: get('rep'),
    rising,
    kudos: entries(total, 'k')
      .map(({ parts, value }) => ({ person: parts[0]!, connects: value }))
      .filter((k) => k.connects > 0)
      .sort((a, b) => b.connects - a.connects || a.person.localeCompare(b.person)),
  };
}
