import { DateTime } from 'luxon';
import { snoozeDueAt } from '../../../src/followups/reminder';
import { describeDue, dueAt, parseClock, parseDuration, parseTiming } from '../../../src/followups/timing';

const zone = 'America/Chicago';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe('follow-up timing', () => {
  it('parses durations and clocks', () => {
    expect(parseDuration('15m')).toBe(15);
    expect(parseDuration('1h30m')).toBe(90);
    expect(parseDuration('2 hours')).toBe(120);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseClock('17:30')).toBe('17:30');
    expect(parseClock('9am')).toBe('09:00');
    expect(parseClock('5:15pm')).toBe('17:15');
    expect(parseClock('25:00')).toBeUndefined();
  });

  it.each([
    ['15m after fix', { kind: 'after', minutes: 15, from: 'fix' }],
    ['1h after report', { kind: 'after', minutes: 60, from: 'report' }],
    ['30m', { kind: 'after', minutes: 30, from: 'now' }],
    ['next day 11:00', { kind: 'next_day', time: '11:00' }],
    ['tomorrow', { kind: 'next_day', time: '11:00' }],
    ['before checkout', { kind: 'before_checkout', minutesBefore: 60 }],
    ['at 17:30', { kind: 'at', time: '17:30' }],
    ['none', { kind: 'none' }],
  ])('parses %p', (text, timing) => {
    expect(parseTiming(text)).toEqual({ ok: true, timing });
  });

  it('rejects nonsense with a helpful error', () => {
    expect(parseTiming('whenever')).toEqual({ ok: false, error: 'I can\'t read "whenever" as a follow-up time' });
  });

  it('computes due times in the venue time zone', () => {
    const now = at('2026-11-22T19:00');
    const base = { now, reportedAt: now - 600_000, timezone: zone, checkoutTime: '11:00' };
    expect(dueAt({ kind: 'after', minutes: 15, from: 'fix' }, { ...base, fixedAt: now })).toBe(now + 900_000);
    expect(dueAt({ kind: 'after', minutes: 15, from: 'report' }, base)).toBe(now + 300_000);
    expect(dueAt({ kind: 'next_day', time: '11:00' }, base)).toBe(at('2026-11-23T11:00'));
    expect(dueAt({ kind: 'at', time: '17:30' }, base)).toBe(at('2026-11-23T17:30'));
    expect(dueAt({ kind: 'at', time: '21:00' }, base)).toBe(at('2026-11-22T21:00'));
    expect(dueAt({ kind: 'before_checkout', minutesBefore: 60 }, base)).toBe(at('2026-11-23T10:00'));
    expect(dueAt({ kind: 'none' }, base)).toBeUndefined();
  });

  it('describes a due time the way staff say it', () => {
    const now = at('2026-11-22T19:00');
    expect(describeDue(now + 10 * 60_000, now, zone)).toBe('in 10 min');
    expect(describeDue(at('2026-11-22T21:15'), now, zone)).toBe('at 21:15');
    expect(describeDue(at('2026-11-23T11:00'), now, zone)).toBe('tomorrow 11:00');
  });
});

describe('snoozeDueAt: the reminder snooze choices, read like any timing', () => {
  const venue = { timezone: 'America/Chicago', checkoutTime: '11:00' };
  // 2026-11-22 22:30 in Chicago
  const now = DateTime.fromISO('2026-11-22T22:30', { zone: venue.timezone }).toMillis();

  it('gives 15 minutes, an hour, or tomorrow at 11:00 in the venue zone; anything else 15 minutes', () => {
    expect(snoozeDueAt('15m', venue, now)).toBe(now + 15 * 60_000);
    expect(snoozeDueAt('1h', venue, now)).toBe(now + 60 * 60_000);
    expect(DateTime.fromMillis(snoozeDueAt('tomorrow', venue, now), { zone: venue.timezone }).toISO()).toBe(
      '2026-11-23T11:00:00.000-06:00',
    );
    expect(snoozeDueAt('forever', venue, now)).toBe(now + 15 * 60_000);
  });
});
