import type { Insights } from './figures';

export const CHART_SIZE = { width: 640, height: 320 } as const;

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The weekday of a YYYY-MM-DD day ("Mon"). */
function weekday(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' });
}

/**
 * The digest's chart as SVG: slips per day as bars, each with its count, and the week's recovery rate. Drawn here,
 * with no browser and no charting library; an infra renderer turns it into a PNG.
 */
export function digestChartSvg(insights: Insights, title: string): string {
  const { width, height } = CHART_SIZE;
  const days = insights.slips.perDay;
  const top = 56;
  const bottom = height - 40;
  const left = 40;
  const slot = (width - left - 20) / Math.max(1, days.length);
  const max = Math.max(1, ...days.map((d) => d.count));
  const bars = days
    .map((d, i) => {
      const h = ((bottom - top) * d.count) / max;
      const x = left + i * slot + slot * 0.15;
      const w = slot * 0.7;
      return [
        `<rect x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="#2f7d6d"/>`,
        `<text x="${(x + w / 2).toFixed(1)}" y="${(bottom - h - 6).toFixed(1)}" font-size="14" text-anchor="middle" fill="#222">${d.count}</text>`,
        `<text x="${(x + w / 2).toFixed(1)}" y="${bottom + 20}" font-size="13" text-anchor="middle" fill="#555">${weekday(d.day)}</text>`,
      ].join('');
    })
    .join('');
  const rate = insights.recovery.rate === undefined ? '' : ` · ${Math.round(insights.recovery.rate * 100)}% recovered`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="30" font-size="18" font-family="sans-serif" fill="#111">${xml(title)}</text>`,
    `<text x="${left}" y="48" font-size="13" font-family="sans-serif" fill="#555">${insights.slips.total} slips${rate}</text>`,
    `<line x1="${left}" y1="${bottom}" x2="${width - 20}" y2="${bottom}" stroke="#999" stroke-width="1"/>`,
    `<g font-family="sans-serif">${bars}</g>`,
    '</svg>',
  ].join('');
}
