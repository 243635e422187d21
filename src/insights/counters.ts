import type { Slip, TimelineEntry } from '../slips/slip';

/**
 * The counters a slip's changes add to, per tenant and day (in the venue's zone). Figures are read back by summing
 * days, never by scanning slips. Field names (| separates parts; what people typed is cleaned of it):
 * - `n`, `c|cat`, `s|sev`, `cs|cat|sev`, `rep`: slips reported that day, by category and severity, and repeat guests
 *   (a slip for a guest already let down within the playbook's repeat window).
 * - `ack|b`, `fix|b`, `fixc|cat|b`: times to acknowledge and to correct, from the report, in histogram bucket b.
 * - `o|outcome`, `g|cat|gesture|outcome`: follow-up outcomes, and which gesture (or `-`, none) the slip had.
 * - `comp|n`, `comp|m` and `compc|cat|…`, `compg|gesture|…`, `compr|role|…`, `compp|person|…`: comps (count and money
 *   in cents) by category, gesture, role and person.
 * - `k|person`: recoveries completed with a connect step, by who connected.
 */
export type DayCounters = Record<string, number>;

/** Upper bounds of the time histograms' buckets, in seconds; a last, open bucket holds anything over a day. */
export const BUCKETS_S = [
  30, 60, 90, 120, 180, 240, 360, 480, 600, 900, 1200, 1800, 2700, 3600, 7200, 14_400, 43_200, 86_400,
] as const;

/** The bucket a duration falls in: the first whose upper bound is at least it (the open one past a day). */
export function bucketOf(seconds: number): number {
  for (let i = 0; i < BUCKETS_S.length; i++) if (seconds <= BUCKETS_S[i]!) return i;
  return BUCKETS_S.length;
}

/** One change to a counter: on the day `at` falls in (the venue's day). */
export interface Increment {
  at: number;
  field: string;
  by: number;
}

/** A word from a person or the playbook as a field part: no separator, no line breaks, bounded. */
export function part(word: string): string {
  return (
    word
      .replace(/[|\r\n]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || '?'
  );
}

/** A gesture as counted: "Dessert on us " and "dessert on us" are one gesture. */
export function gestureKey(label: string | undefined): string {
  return label ? part(label.toLowerCase()) : '-';
}

/** The money of a comp in cents (integers add exactly in Redis). */
export function cents(cost: number | undefined): number {
  return cost && Number.isFinite(cost) && cost > 0 ? Math.round(cost * 100) : 0;
}

function first(timeline: TimelineEntry[], kind: TimelineEntry['kind']): TimelineEntry | undefined {
  return timeline.find((e) => e.kind === kind);
}

/** What a slip counts as when reported: counted on the day it was reported. */
function reportFields(slip: Pick<Slip, 'categoryId' | 'severity' | 'repeatOf'>): string[] {
  const cat = part(slip.categoryId);
  return [
    'n',
    `c|${cat}`,
    `s|${slip.severity}`,
    `cs|${cat}|${slip.severity}`,
    ...(slip.repeatOf.length > 0 ? ['rep'] : []),
  ];
}

/** The report's counters, moved when a slip is dismissed, restored, or changes category, severity or repeat. */
function reportChanges(
  before: Slip | undefined,
  after: Slip,
  add: (at: number, fields: string[], by?: number) => void,
): void {
  const wasCounted = before !== undefined && before.status !== 'dismissed';
  const isCounted = after.status !== 'dismissed';
  if (!before) {
    if (isCounted) add(after.createdAt, reportFields(after));
  } else if (wasCounted && !isCounted) {
    add(after.createdAt, reportFields(before), -1);
  } else if (!wasCounted && isCounted) {
    add(after.createdAt, reportFields(after));
  } else if (
    isCounted &&
    (before.categoryId !== after.categoryId ||
      before.severity !== after.severity ||
      before.repeatOf.length > 0 !== after.repeatOf.length > 0)
  ) {
    const old = reportFields(before);
    const now = reportFields(after);
    add(
      after.createdAt,
      old.filter((f) => !now.includes(f)),
      -1,
    );
    add(
      after.createdAt,
      now.filter((f) => !old.includes(f)),
    );
  }
}

/**
 * The counter changes one stored change makes: `before` undefined for a new slip. Pure; `roleOf` names the role
 * of whoever recorded a comp (resolved by the caller beforehand).
 */
export function changes(before: Slip | undefined, after: Slip, roleOf: (person: string) => string): Increment[] {
  const out: Increment[] = [];
  const add = (at: number, fields: string[], by = 1) => {
    for (const field of fields) out.push({ at, field, by });
  };
  reportChanges(before, after, add);
  const earlier = before?.timeline ?? [];
  const fresh = after.timeline.slice(earlier.length);
  const cat = part(after.categoryId);
  let outcomeBefore = before?.followUp?.outcome;
  for (const entry of fresh) {
    const seconds = Math.max(0, (entry.at - after.createdAt) / 1000);
    switch (entry.kind) {
      case 'acknowledged':
        if (!first(earlier, 'acknowledged')) add(entry.at, [`ack|${bucketOf(seconds)}`]);
        break;
      case 'corrected': {
        if (!first(earlier, 'corrected') && first(after.timeline, 'corrected') === entry)
          add(entry.at, [`fix|${bucketOf(seconds)}`, `fixc|${cat}|${bucketOf(seconds)}`]);
        if (entry.gesture || cents(entry.cost) > 0) {
          const g = gestureKey(entry.gesture);
          const person = part(entry.by);
          const role = part(roleOf(entry.by));
          const groups = ['comp', `compc|${cat}`, `compg|${g}`, `compr|${role}`, `compp|${person}`];
          add(
            entry.at,
            groups.map((p) => `${p}|n`),
          );
          const money = cents(entry.cost);
          if (money > 0)
            add(
              entry.at,
              groups.map((p) => `${p}|m`),
              money,
            );
        }
        break;
      }
      case 'connected':
        if (!first(earlier, 'connected') && first(after.timeline, 'connected') === entry)
          add(entry.at, [`k|${part(entry.by)}`]);
        break;
      case 'followup_done': {
        if (!entry.outcome) break;
        const g = gestureKey(after.gesture?.label);
        if (outcomeBefore) add(entry.at, [`o|${outcomeBefore}`, `g|${cat}|${g}|${outcomeBefore}`], -1);
        add(entry.at, [`o|${entry.outcome}`, `g|${cat}|${g}|${entry.outcome}`]);
        outcomeBefore = entry.outcome;
        break;
      }
      default:
        break;
    }
  }
  return out;
}
