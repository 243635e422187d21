import { DateTime } from 'luxon';
import { nextBoundary, parseShiftArgs, previousBoundary, shiftAt, shiftEndingAt } from '../../../src/handoff/schedule';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const show = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

/** Every boundary instant between two moments, walking nextBoundary. */
function boundariesBetween(schedule: { boundaries: string[]; timezone: string }, from: number, to: number): number[] {
  const out: number[] = [];
  for (let at = nextBoundary(schedule, from); at < to; at = nextBoundary(schedule, at)) out.push(at);
  return out;
}

describe('shift boundaries', () => {
  it('parses the command, with the venue zone as default', () => {
    expect(parseShiftArgs('22:00 06:00 14:00 America/Chicago', 'UTC')).toEqual({
      boundaries: ['06:00', '14:00', '22:00'],
      timezone: 'America/Chicago',
      quiet: 'line',
    });
    expect(parseShiftArgs('6am 2pm 10pm silent', 'Europe/London')).toEqual({
      boundaries: ['06:00', '14:00', '22:00'],
      timezone: 'Europe/London',
      quiet: 'silent',
    });
    expect(() => parseShiftArgs('06:00 Mars/Olympus', 'UTC')).toThrow(/can't read "Mars\/Olympus"/);
    expect(() => parseShiftArgs('', 'UTC')).toThrow(/at least one/);
  });

  it.each(['America/Chicago', 'Europe/London'])('three changes a day, across midnight, in %s', (zone) => {
    const schedule = { boundaries: ['06:00', '14:00', '22:00'], timezone: zone };
    const at = local('2026-07-10T23:30', zone);
    expect(show(nextBoundary(schedule, at), zone)).toContain('2026-07-11T06:00');
    expect(show(previousBoundary(schedule, at), zone)).toContain('2026-07-10T22:00');
    const night = shiftAt(schedule, at);
    expect(night.end - night.start).toBe(8 * 3600_000);
    expect(night.name).toMatch(/^Night shift 22:00–06:00 · Fri 10 Jul$/);
    expect(shiftEndingAt(schedule, night.end)).toEqual(night);
  });

  it('spring forward (America/Chicago, 8 Mar 2026): a boundary in the missing hour still happens, once', () => {
    const schedule = { boundaries: ['02:30', '14:00'], timezone: 'America/Chicago' };
    const all = boundariesBetween(
      schedule,
      local('2026-03-07T12:00', 'America/Chicago'),
      local('2026-03-09T12:00', 'America/Chicago'),
    );
    expect(all.map((b) => show(b, 'America/Chicago'))).toEqual([
      '2026-03-07T14:00:00-06:00',
      '2026-03-08T03:30:00-05:00',
      '2026-03-08T14:00:00-05:00',
      '2026-03-09T02:30:00-05:00',
    ]);
  });

  it('fall back (America/Chicago, 1 Nov 2026): a boundary in the repeated hour happens once', () => {
    const schedule = { boundaries: ['01:30', '09:00'], timezone: 'America/Chicago' };
    const all = boundariesBetween(
      schedule,
      local('2026-10-31T12:00', 'America/Chicago'),
      local('2026-11-02T12:00', 'America/Chicago'),
    );
    expect(all.map((b) => show(b, 'America/Chicago'))).toEqual([
      '2026-11-01T01:30:00-05:00',
      '2026-11-01T09:00:00-06:00',
      '2026-11-02T01:30:00-06:00',
      '2026-11-02T09:00:00-06:00',
    ]);
    // the night shift that day is an hour longer, and still one shift
    const night = shiftEndingAt(schedule, all[1]!);
    expect(night.end - night.start).toBe(8.5 * 3600_000);
  });

  it('Europe/London clocks change on other days (29 Mar and 25 Oct 2026)', () => {
    const schedule = { boundaries: ['01:30', '07:00'], timezone: 'Europe/London' };
    const spring = boundariesBetween(
      schedule,
      local('2026-03-28T12:00', 'Europe/London'),
      local('2026-03-29T12:00', 'Europe/London'),
    );
    expect(spring.map((b) => show(b, 'Europe/London'))).toEqual([
      '2026-03-29T02:30:00+01:00',
      '2026-03-29T07:00:00+01:00',
    ]);
    const autumn = boundariesBetween(
      schedule,
      local('2026-10-24T12:00', 'Europe/London'),
      local('2026-10-25T12:00', 'Europe/London'),
    );
    expect(autumn.map((b) => show(b, 'Europe/London'))).toEqual([
      '2026-10-25T01:30:00+01:00',
      '2026-10-25T07:00:00+00:00',
    ]);
  });

  it('a single change a day makes a 24-hour shift', () => {
    const schedule = { boundaries: ['05:00'], timezone: 'UTC' };
    const window = shiftAt(schedule, Date.UTC(2026, 10, 22, 12));
    expect(window.end - window.start).toBe(24 * 3600_000);
  });
});
