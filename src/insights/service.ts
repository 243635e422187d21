import { DateTime } from 'luxon';
import type { Playbook } from '../playbook/schema';
import type { PlaybookSource, RoleResolver } from '../slips/ports';
import type { Slip } from '../slips/slip';
import { changes, type DayCounters, type Increment } from './counters';
import { type CountedDay, type Insights, summarize } from './figures';
import type { DayIncrement, DigestSettingsStore, InsightsCounters } from './ports';

/** Days read for any report: the rising figure compares the last 7 with the 28 before. */
const HISTORY_DAYS = 35;
/** The longest period a report covers (a year and a bit). */
export const MAX_PERIOD_DAYS = 400;

export interface InsightsServiceOptions {
  counters: InsightsCounters;
  playbooks: PlaybookSource;
  /** Who holds which role, for comps by role. @defaultValue the playbook's default role */
  roles?: RoleResolver;
  clock?: () => number;
  /** Each workspace's weekly digest settings. */
  digests?: DigestSettingsStore;
  /** How long a tenant's zone and a person's role are remembered in this process. @defaultValue 60 s */
  cacheMs?: number;
}

/** The venue's day (YYYY-MM-DD) of an instant. */
export function venueDay(at: number, timezone: string): string {
  return DateTime.fromMillis(at, { zone: timezone }).toISODate() ?? new Date(at).toISOString().slice(0, 10);
}

/** The `count` venue days ending with the one `now` falls in, oldest first. */
export function daysEnding(now: number, timezone: string, count: number): string[] {
  const today = DateTime.fromMillis(now, { zone: timezone }).startOf('day');
  return Array.from({ length: count }, (_, i) => today.minus({ days: count - 1 - i }).toISODate()!);
}

/**
 * Insights: counters kept as slips change (one MULTI per stored change, nothing when a change counts for nothing),
 * and figures summed from them per day. SlipService tells it about every stored change (`changed`).
 */
export class InsightsService {
  private readonly clock: () => number;
  private readonly zones = new Map<string, { zone: string; until: number }>();
  private readonly roleCache = new Map<string, { role: string; until: number }>();

  constructor(private readonly options: InsightsServiceOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get digests(): DigestSettingsStore | undefined {
    return this.options.digests;
  }

  /** A slip was stored: `before` is undefined for a new one. */
  async changed(before: Slip | undefined, after: Slip): Promise<void> {
    const comps = after.timeline
      .slice(before?.timeline.length ?? 0)
      .filter((e) => e.kind === 'corrected' && (e.gesture || e.cost))
      .map((e) => e.by);
    const roles = new Map<string, string>();
    for (const person of new Set(comps)) roles.set(person, await this.roleOf(after.tenant, person));
    const increments = changes(before, after, (person) => roles.get(person) ?? 'default');
    if (increments.length === 0) return;
    const zone = await this.zoneOf(after.tenant);
    // the workspace's counters and the slip's channel's, in the same write
    await this.options.counters.add(after.tenant, byDay(increments, zone), after.channel);
  }

  /**
   * The figures for the last `days` venue days, today included: the workspace's, or one channel's (`channel`, a
   * channel id as slips store it; the caller checks it is one of this workspace's).
   */
  async report(tenant: string, days: number, now = this.clock(), channel?: string): Promise<Insights> {
    const period = Math.max(1, Math.min(MAX_PERIOD_DAYS, Math.floor(days)));
    const { playbook } = await this.options.playbooks.current(tenant);
    const counted = await this.read(tenant, playbook, Math.max(period, HISTORY_DAYS), now, channel);
    const figures = summarize({ tenant, days: counted, period, playbook });
    return channel === undefined ? figures : { ...figures, channel: { id: channel } };
  }

  /**
   * The counters of the `count` days ending today, one entry per day. The days before the last HISTORY_DAYS that
   * make whole months are read as months (their sums on the month's first day, each day's slip count on its own),
   * so a year costs about twelve months and fifty days of reads, not 365.
   */
  private async read(
    tenant: string,
    playbook: Playbook,
    count: number,
    now: number,
    channel: string | undefined,
  ): Promise<CountedDay[]> {
    const days = daysEnding(now, playbook.venue.timezone, count);
    const counters = this.options.counters;
    const head = days.slice(0, Math.max(0, days.length - HISTORY_DAYS));
    const whole = counters.readMonths ? wholeMonths(head) : [];
    const inMonths = new Set(whole.flatMap((m) => m.days));
    const perDay = days.filter((day) => !inMonths.has(day));
    const [dayCounters, monthCounters] = await Promise.all([
      counters.read(tenant, perDay, channel),
      whole.length > 0
        ? counters.readMonths!(
            tenant,
            whole.map((m) => m.month),
            channel,
          )
        : Promise.resolve([]),
    ]);
    const byDay = new Map(perDay.map((day, i) => [day, dayCounters[i] ?? {}]));
    whole.forEach((month, i) => {
      const sums = monthCounters[i] ?? {};
      const rest: DayCounters = {};
      for (const [field, value] of Object.entries(sums))
        if (!field.startsWith('n@') && field !== 'n') rest[field] = value;
      month.days.forEach((day, d) => {
        const n = sums[`n@${day}`] ?? 0;
        byDay.set(day, d === 0 ? { ...rest, ...(n ? { n } : {}) } : n ? { n } : {});
      });
    });
    return days.map((day) => ({ day, counters: byDay.get(day) ?? {} }));
  }

  private async zoneOf(tenant: string): Promise<string> {
    const now = this.clock();
    const cached = this.zones.get(tenant);
    if (cached && cached.until > now) return cached.zone;
    const zone = (await this.options.playbooks.current(tenant)).playbook.venue.timezone;
    this.zones.set(tenant, { zone, until: now + (this.options.cacheMs ?? 60_000) });
    return zone;
  }

  private async roleOf(tenant: string, person: string): Promise<string> {
    const now = this.clock();
    const key = `${tenant}|${person}`;
    const cached = this.roleCache.get(key);
    if (cached && cached.until > now) return cached.role;
    const held = await this.options.roles?.roleOf(tenant, person).catch(() => undefined);
    const role = held ?? (await this.options.playbooks.current(tenant)).playbook.defaultRole;
    if (this.roleCache.size > 10_000) this.roleCache.clear();
    this.roleCache.set(key, { role, until: now + (this.options.cacheMs ?? 60_000) });
    return role;
  }
}

/** The months whose every day is among `days` (oldest first), with their days. */
function wholeMonths(days: string[]): Array<{ month: string; days: string[] }> {
  const months = new Map<string, string[]>();
  for (const day of days) {
    const month = day.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), day]);
  }
  return [...months]
    .filter(([month, its]) => its.length === DateTime.fromISO(`${month}-01`).daysInMonth)
    .map(([month, its]) => ({ month, days: its }));
}

function byDay(increments: Increment[], zone: string): DayIncrement[] {
  return increments.map(({ at, field, by }) => ({ day: venueDay(at, zone), field, by }));
}
