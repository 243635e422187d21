import { DateTime } from 'luxon';
import { AppError } from '../errors';
import { parseClock } from '../followups/timing';

/** A channel's shift changes, in the venue's own time zone. */
export interface ShiftSchedule {
  tenant: string;
  channel: string;
  /** "HH:MM", sorted, unique. */
  boundaries: string[];
  timezone: string;
  /** A shift with nothing to report: a short line, or no post at all. */
  quiet: 'line' | 'silent';
  setBy: string;
  setAt: number;
  /** Slack app id, for the "Open in App Home" link. */
  appId?: string;
}

/** One shift: from one boundary to the next (which may be after midnight). */
export interface ShiftWindow {
  start: number;
  end: number;
  name: string;
}

const MAX_BOUNDARIES = 12;

/**
 * Reads `/recover shifts 06:00 14:00 22:00 America/Chicago [silent]`: the times (24-hour or 6am), an optional IANA
 * zone (default: the venue's) and an optional "silent" (quiet shifts post nothing) or "line" (the default).
 */
export function parseShiftArgs(
  args: string,
  defaultZone: string,
): { boundaries: string[]; timezone: string; quiet: 'line' | 'silent' } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const boundaries: string[] = [];
  let timezone = defaultZone;
  let quiet: 'line' | 'silent' = 'line';
  for (const word of words) {
    const clock = parseClock(word);
    if (clock) boundaries.push(clock);
    else if (/^(silent|quiet:silent)$/i.test(word)) quiet = 'silent';
    else if (/^(line|quiet:line)$/i.test(word)) quiet = 'line';
    else if (isZone(word)) timezone = word;
    else
      throw new AppError(
        'BAD_INPUT',
        `I can't read "${word}": give shift start times like 06:00 14:00 22:00 and a time zone like America/Chicago.`,
      );
  }
  const unique = [...new Set(boundaries)].sort();
  if (unique.length === 0)
    throw new AppError(
      'BAD_INPUT',
      'Give at least one shift change time, e.g. `/recover shifts 06:00 14:00 22:00 America/Chicago`.',
    );
  if (unique.length > MAX_BOUNDARIES) throw new AppError('BAD_INPUT', `At most ${MAX_BOUNDARIES} shift changes a day.`);
  return { boundaries: unique, timezone, quiet };
}

export function isZone(zone: string): boolean {
  return (zone === 'UTC' || zone.includes('/')) && DateTime.now().setZone(zone).isValid;
}

/**
 * The boundary instants on one local calendar day. A time that does not exist that day (the spring-forward gap)
 * moves forward to the first valid instant; a time that happens twice (fall back) is taken once, at its first
 * occurrence. So every boundary happens exactly once a day.
 */
function boundariesOn(day: DateTime, schedule: Pick<ShiftSchedule, 'boundaries'>): number[] {
  return schedule.boundaries.map((time) => {
    const [hour, minute] = time.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  });
}

/** The first boundary strictly after `at`. */
export function nextBoundary(schedule: Pick<ShiftSchedule, 'boundaries' | 'timezone'>, at: number): number {
  let day = DateTime.fromMillis(at, { zone: schedule.timezone }).startOf('day');
  for (let i = 0; i < 3; i++, day = day.plus({ days: 1 })) {
    const found = boundariesOn(day, schedule)
      .filter((b) => b > at)
      .sort((a, b) => a - b)[0];
    if (found !== undefined) return found;
  }
  throw new AppError('INTERNAL', 'no shift boundary within two days');
}

/** The last boundary at or before `at`. */
export function previousBoundary(schedule: Pick<ShiftSchedule, 'boundaries' | 'timezone'>, at: number): number {
  let day = DateTime.fromMillis(at, { zone: schedule.timezone }).startOf('day');
  for (let i = 0; i < 3; i++, day = day.minus({ days: 1 })) {
    const found = boundariesOn(day, schedule)
      .filter((b) => b <= at)
      .sort((a, b) => b - a)[0];
    if (found !== undefined) return found;
  }
  throw new AppError('INTERNAL', 'no shift boundary within two days');
}

/** The shift that contains `at` (start inclusive, end exclusive). */
export function shiftAt(schedule: Pick<ShiftSchedule, 'boundaries' | 'timezone'>, at: number): ShiftWindow {
  const start = previousBoundary(schedule, at);
  const end = nextBoundary(schedule, start);
  return { start, end, name: shiftName(start, end, schedule.timezone) };
}

/** The shift that ends at boundary `end` (the one a handoff at `end` reports on). */
export function shiftEndingAt(schedule: Pick<ShiftSchedule, 'boundaries' | 'timezone'>, end: number): ShiftWindow {
  const start = previousBoundary(schedule, end - 1);
  return { start, end, name: shiftName(start, end, schedule.timezone) };
}

/** "Morning shift", "Afternoon shift", "Evening shift" or "Night shift", by the local hour it starts. */
export function shiftName(start: number, end: number, zone: string): string {
  const from = DateTime.fromMillis(start, { zone });
  const to = DateTime.fromMillis(end, { zone });
  const hour = from.hour;
  const part =
    hour >= 4 && hour < 11
      ? 'Morning'
      : hour >= 11 && hour < 16
        ? 'Afternoon'
        : hour >= 16 && hour < 21
          ? 'Evening'
          : 'Night';
  return `${part} shift ${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')} · ${from.toFormat('ccc d LLL')}`;
}

export function describeSchedule(schedule: ShiftSchedule): string {
  const quiet = schedule.quiet === 'silent' ? 'quiet shifts post nothing' : 'quiet shifts get a short line';
  return `Shift changes at ${schedule.boundaries.join(', ')} (${schedule.timezone}); ${quiet}.`;
}
