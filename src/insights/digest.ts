import { DateTime } from 'luxon';
import { type Said, said } from '../conversation/catalogue';
import { digestChartSvg } from './chart';
import type { Insights } from './figures';
import type { DigestSettings } from './ports';

/** The weekly digest, neutral: its words and the chart's alt text (rendered per surface) and the chart as SVG. */
export interface DigestView {
  tenant: string;
  /** The ISO week it covers in the venue's zone ("2026-W48"): one digest per workspace and week. */
  week: string;
  text: Said;
  alt: Said;
  svg: string;
  /** The people the words name (kudos), for surfaces that look names up. */
  people: string[];
}

export function buildDigest(input: { week: string; insights: Insights; previousTotal: number }): DigestView {
  const { insights } = input;
  return {
    tenant: insights.tenant,
    week: input.week,
    text: said('digestText', { insights, previousTotal: input.previousTotal }),
    alt: said('digestChartAlt', { insights }),
    svg: digestChartSvg(insights, `Slips per day, ${insights.from} to ${insights.to}`),
    people: insights.kudos.map((k) => k.person),
  };
}

/**
 * The digest slot for the week `now` falls in, in the venue's zone: that week's weekday at the set time (a time
 * that does not exist that day, in a spring-forward gap, moves on to the first minute that does), and its week key.
 */
export function digestSlot(settings: DigestSettings, timezone: string, now: number): { at: number; week: string } {
  const local = DateTime.fromMillis(now, { zone: timezone });
  const [hour = 9, minute = 0] = settings.time.split(':').map(Number);
  const day = local.startOf('week').plus({ days: settings.weekday - 1 });
  const at = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: timezone },
  ).toMillis();
  return { at, week: `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}` };
}

/** How late a digest may still go out after its slot (a worker down over the weekend does not post on Thursday). */
export const DIGEST_GRACE_MS = 24 * 60 * 60_000;

/** The digest due now, if any: its slot this week has come, within the grace period. */
export function dueDigest(
  settings: DigestSettings,
  timezone: string,
  now: number,
): { at: number; week: string } | undefined {
  if (!settings.enabled) return undefined;
  const slot = digestSlot(settings, timezone, now);
  return now >= slot.at && now - slot.at < DIGEST_GRACE_MS ? slot : undefined;
}
