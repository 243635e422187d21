import { DateTime } from 'luxon';

/**
 * Follow-up timing as a manager writes it in the playbook ("15m after fix", "next day 11:00", "before checkout")
 * or as staff type it by hand ("30m", "tomorrow", "at 17:30").
 */
export type Timing =
  | { kind: 'none' }
  | { kind: 'after'; minutes: number; from: 'fix' | 'report' | 'now' }
  | { kind: 'next_day'; time: string }
  | { kind: 'before_checkout'; minutesBefore: number }
  | { kind: 'at'; time: string };

export type TimingResult = { ok: true; timing: Timing } | { ok: false; error: string };

const UNIT_MINUTES: Record<string, number> = {
  s: 1 / 60,
  sec: 1 / 60,
  secs: 1 / 60,
  second: 1 / 60,
  seconds: 1 / 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
};

/** Parses "15m", "1h30m", "90 minutes", "2 hours", "30s" into minutes; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  const parts = compact.match(/(\d+(?:\.\d+)?)\s*([a-z]+)/g);
  if (!parts || parts.join('').replace(/\s/g, '') !== compact.replace(/\s/g, '')) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = part.match(/(\d+(?:\.\d+)?)\s*([a-z]+)/)!;
    const factor = UNIT_MINUTES[unit!];
    if (factor === undefined) return undefined;
    total += Number(amount) * factor;
  }
  // whole seconds, so "90s" stays 1.5 minutes; at most 120 days ahead
  const seconds = Math.round(total * 60);
  return seconds > 0 && total <= 60 * 24 * 120 ? seconds / 60 : undefined;
}

const CLOCK = /^([01]?\d|2[0-3])(?::([0-5]\d))?\s*(am|pm)?$/;

/** Parses "11:00", "9am", "5:30pm" into "HH:MM"; undefined otherwise. */
export function parseClock(text: string): string | undefined {
  const match = text.trim().toLowerCase().match(CLOCK);
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  const meridiem = match[3];
  if (meridiem) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (match[2] === undefined) {
    return undefined;
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

const DEFAULT_NEXT_DAY = '11:00';

/** Each reader returns a timing or undefined; the first that reads the text wins. */
const READERS: Array<(text: string) => Timing | undefined> = [
  (text) => (['', 'none', 'no follow-up', 'no followup'].includes(text) ? { kind: 'none' } : undefined),
  readAfter,
  readNextDay,
  readBeforeCheckout,
  (text) => {
    const time = parseClock(text.replace(/^(?:at|today at|tonight at) /, ''));
    return time ? { kind: 'at', time } : undefined;
  },
];

export function parseTiming(input: string): TimingResult {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const read of READERS) {
    const timing = read(text);
    if (timing) return { ok: true, timing };
  }
  return { ok: false, error: `I can't read "${input.trim()}" as a follow-up time` };
}

function readAfter(text: string): Timing | undefined {
  const match = text.match(/^(?:in )?(.+?)(?: after (fix|the fix|correct|correction|report|reporting|now))?$/);
  const minutes = match ? parseDuration(match[1]!) : undefined;
  if (minutes === undefined) return undefined;
  const anchor = match![2];
  const from = !anchor || anchor === 'now' ? 'now' : anchor.includes('report') ? 'report' : 'fix';
  return { kind: 'after', minutes, from };
}

function readNextDay(text: string): Timing | undefined {
  const match = text.match(/^(?:next day|tomorrow|next morning)(?: at)?(?: (.+))?$/);
  if (!match) return undefined;
  const time = match[1] ? parseClock(match[1]) : text === 'next morning' ? '09:00' : DEFAULT_NEXT_DAY;
  return time ? { kind: 'next_day', time } : undefined;
}

function readBeforeCheckout(text: string): Timing | undefined {
  const match = text.match(/^(?:(.+) )?before check-?out$/);
  if (!match) return undefined;
  const minutesBefore = match[1] ? parseDuration(match[1]) : 60;
  return minutesBefore === undefined ? undefined : { kind: 'before_checkout', minutesBefore };
}

export interface DueContext {
  now: number;
  /** When the fix was recorded; "after fix" counts from now when it has not happened yet. */
  fixedAt?: number;
  reportedAt: number;
  timezone: string;
  checkoutTime: string;
}

/** When a follow-up with this timing is due, in epoch ms; undefined for "none". */
export function dueAt(timing: Timing, context: DueContext): number | undefined {
  const zoneNow = DateTime.fromMillis(context.now, { zone: context.timezone });
  switch (timing.kind) {
    case 'none':
      return undefined;
    case 'after': {
      const base =
        timing.from === 'report'
          ? context.reportedAt
          : timing.from === 'fix'
            ? (context.fixedAt ?? context.now)
            : context.now;
      return Math.max(context.now, base + timing.minutes * 60_000);
    }
    case 'next_day':
      return atClock(zoneNow.plus({ days: 1 }), timing.time);
    case 'at': {
      const today = atClock(zoneNow, timing.time);
      return today > context.now ? today : atClock(zoneNow.plus({ days: 1 }), timing.time);
    }
    case 'before_checkout': {
      const today = atClock(zoneNow, context.checkoutTime) - timing.minutesBefore * 60_000;
      return today > context.now
        ? today
        : atClock(zoneNow.plus({ days: 1 }), context.checkoutTime) - timing.minutesBefore * 60_000;
    }
  }
}

function atClock(day: DateTime, time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** "in 15 min", "at 17:30", "tomorrow 11:00" in the venue's zone: how a due time reads on a card. */
export function describeDue(due: number, now: number, timezone: string): string {
  const minutes = Math.round((due - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const when = DateTime.fromMillis(due, { zone: timezone });
  const today = DateTime.fromMillis(now, { zone: timezone });
  const clock = when.toFormat('HH:mm');
  if (when.hasSame(today, 'day')) return `at ${clock}`;
  if (when.hasSame(today.plus({ days: 1 }), 'day')) return `tomorrow ${clock}`;
  return when.toFormat('ccc d LLL HH:mm');
}
