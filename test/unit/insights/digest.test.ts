import { DateTime } from 'luxon';
import { PNG } from 'pngjs';
import { render } from '../../../src/conversation/catalogue';
import { plainStyle } from '../../../src/conversation/style';
import { svgToPng } from '../../../src/infra/chart/png';
import { CHART_SIZE } from '../../../src/insights/chart';
import { buildDigest, digestSlot, dueDigest } from '../../../src/insights/digest';
import { summarize } from '../../../src/insights/figures';
import { DEFAULT_DIGEST } from '../../../src/insights/ports';
import { defaultPlaybook } from '../../../src/playbook/load';

const STYLE = plainStyle({ command: (w) => w, report: (w) => w, person: (id) => id, home: 'home' });

function week() {
  const counts = [3, 5, 0, 2, 7, 4, 1];
  const days = Array.from({ length: 35 }, (_, i) => {
    const day = DateTime.fromISO('2026-11-16')
      .minus({ days: 34 - i })
      .toISODate()!;
    const n = i >= 28 ? counts[i - 28]! : 0;
    return {
      day,
      counters: { n, 'c|long_wait': n, 'o|recovered': i === 34 ? 3 : 0, 'o|not_recovered': i === 34 ? 1 : 0 },
    };
  });
  return summarize({ tenant: 'slack-T1', days, period: 7, playbook: defaultPlaybook('restaurant', 'UTC') });
}

describe('the weekly digest', () => {
  it('draws a chart PNG that decodes, has the expected size and is not blank; its alt text states the numbers', () => {
    const digest = buildDigest({ week: '2026-W47', insights: week(), previousTotal: 10 });
    const png = PNG.sync.read(svgToPng(digest.svg));
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    let inked = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200 || png.data[i + 1]! < 200) inked++;
    // the bars alone cover thousands of pixels
    expect(inked).toBeGreaterThan(5000);
    const alt = render(digest.alt, STYLE);
    expect(alt).toContain(
      '2026-11-10 3, 2026-11-11 5, 2026-11-12 0, 2026-11-13 2, 2026-11-14 7, 2026-11-15 4, 2026-11-16 1',
    );
    expect(alt).toContain('22 in all, 3 of 4 followed up recovered');
    const text = render(digest.text, STYLE);
    expect(text).toContain('22 slips (12 more than the week before)');
    expect(text.split('\n')).toHaveLength(8);
  });

  it('falls on Monday 09:00 in the venue zone, across midnight and both DST changes', () => {
    const zone = 'America/Chicago';
    const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
    // Sunday 23:59 local is still the week before; Monday 00:00 starts the new one
    expect(digestSlot(DEFAULT_DIGEST, zone, at('2026-03-08T23:59')).week).toBe('2026-W10');
    expect(digestSlot(DEFAULT_DIGEST, zone, at('2026-03-09T00:00')).week).toBe('2026-W11');
    // the Monday after spring forward (8 March 2026) is still 09:00 local: 14:00 UTC, not 15:00
    expect(new Date(digestSlot(DEFAULT_DIGEST, zone, at('2026-03-09T10:00')).at).toISOString()).toBe(
      '2026-03-09T14:00:00.000Z',
    );
    // after fall back (1 November 2026): 09:00 local is 15:00 UTC
    expect(new Date(digestSlot(DEFAULT_DIGEST, zone, at('2026-11-02T10:00')).at).toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
    // a 02:30 digest on the spring-forward Sunday moves to the first minute that exists
    const sunday = { enabled: true, weekday: 7, time: '02:30' };
    expect(DateTime.fromMillis(digestSlot(sunday, zone, at('2026-03-08T12:00')).at, { zone }).toFormat('HH:mm')).toBe(
      '03:30',
    );
    // due from the slot for a day, never before it, and never when off
    expect(dueDigest(DEFAULT_DIGEST, zone, at('2026-03-09T08:59'))).toBeUndefined();
    expect(dueDigest(DEFAULT_DIGEST, zone, at('2026-03-09T09:00'))?.week).toBe('2026-W11');
    expect(dueDigest(DEFAULT_DIGEST, zone, at('2026-03-10T08:59'))?.week).toBe('2026-W11');
    expect(dueDigest(DEFAULT_DIGEST, zone, at('2026-03-10T09:00'))).toBeUndefined();
    expect(dueDigest({ ...DEFAULT_DIGEST, enabled: false }, zone, at('2026-03-09T09:00'))).toBeUndefined();
  });
});
