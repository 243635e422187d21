import type { Insights, TimeFigure } from '../../insights/figures';
import type { Style } from '../style';

/** "1 min 40 s", "45 s", "2 h 5 min". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return `${Math.floor(s / 60)} min${rest ? ` ${rest} s` : ''}`;
  }
  const minutes = Math.round((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ''}`;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
const money = (currency: string, amount: number) =>
  `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const gestureName = (g: string) => (g === '-' ? 'no gesture (apology and fix)' : g);

function time(name: string, f: TimeFigure): string {
  if (f.count === 0 || f.median === undefined) return `${name}: no slips timed yet`;
  return `${name}: median ${duration(f.median)}, 90% within ${duration(f.p90 ?? f.median)}; ${pct(f.withinTarget ?? 0)} within ${duration(f.targetSeconds)} (${f.count})`;
}

function recovery(i: Insights): string {
  const r = i.recovery;
  if (r.outcomes === 0) return 'no follow-up outcomes yet';
  return `${r.recovered} of ${r.outcomes} guests recovered (${pct(r.rate ?? 0)}); ${r.notRecovered} still unhappy, ${r.unreachable} unreachable`;
}

function best(i: Insights): string {
  const b = i.bestGesture;
  return b
    ? `${gestureName(b.gesture)}: ${b.recovered} of ${b.outcomes} recovered (${pct(b.rate)})`
    : 'not enough follow-ups yet to tell (3 or more outcomes per gesture)';
}

function slowest(i: Insights): string {
  const c = i.slowestCategory;
  return c
    ? `${c.name}: median ${duration(c.median)} to correct (${plural(c.count, 'slip')})`
    : 'no slips corrected yet';
}

function kudos(s: Style, i: Insights, top = 5): string {
  if (i.kudos.length === 0) return 'nobody has completed a recovery with a connect step yet';
  return i.kudos
    .slice(0, top)
    .map((k) => `${s.person(k.person)} (${k.connects})`)
    .join(', ');
}

/** The insights' words: the `insights` report, the glance on a manager's home, the weekly digest and its chart. */
export const INSIGHTS_SAY = {
  insightsNotSetUp: () => 'Insights are not set up on this server.',
  /** `insights #channel` for a channel that is not one this workspace's bot watches (`name` as typed, if any). */
  insightsChannelNotWatched: (s: Style, p: { name?: string }) =>
    `${p.name ? `#${s.text(p.name)} is not a channel` : "That's not a channel"} I watch in this workspace, so I have no figures for it. ${s.code(s.command('insights 30d'))} gives the whole workspace's; ${s.code(s.command('watch'))} in a channel starts counting it.`,
  insightsReport: (s: Style, p: { insights: Insights }) => {
    const i = p.insights;
    const where = i.channel ? ` in #${s.text((i.channel.name ?? i.channel.id).replace(/^#/, ''))}` : '';
    const lines = [
      `${s.strong(`Insights${where}, last ${plural(i.days, 'day')}`)} (${i.from} to ${i.to})`,
      `• Slips: ${i.slips.total}${i.slips.byCategory.length ? ` (${i.slips.byCategory.map((c) => `${s.text(c.name)} ${c.count}`).join(', ')})` : ''}; by severity: ${Object.entries(
        i.slips.bySeverity,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `• Recovery: ${recovery(i)}`,
      `• ${time('Time to acknowledge', i.acknowledge)}`,
      `• ${time('Time to correct', i.correct)}`,
      `• Comps: ${i.comps.count}, ${money(i.currency, i.comps.money)}${
        i.comps.byGesture.length
          ? `; by gesture: ${i.comps.byGesture
              .slice(0, 5)
              .map((g) => `${s.text(g.name)} ${g.count} (${money(i.currency, g.money)})`)
              .join(', ')}`
          : ''
      }${i.comps.byRole.length ? `; by role: ${i.comps.byRole.map((g) => `${s.text(g.name)} ${g.count}`).join(', ')}` : ''}${
        i.comps.byPerson.length
          ? `; by person: ${i.comps.byPerson
              .slice(0, 5)
              .map((g) => `${s.person(g.key)} ${g.count}`)
              .join(', ')}`
          : ''
      }`,
      `• What works: ${
        i.gestures.length
          ? i.gestures
              .slice(0, 6)
              .map(
                (g) =>
                  `${s.text(g.category)}, ${s.text(gestureName(g.gesture))}: ${g.recovered} of ${g.outcomes} recovered`,
              )
              .join('; ')
          : 'no follow-up outcomes yet'
      }`,
      `• Best gesture: ${s.text(best(i))}`,
      `• Slowest category: ${s.text(slowest(i))}`,
      `• Repeat guests: ${i.repeatGuests}`,
      `• Rising this week: ${
        i.rising.length
          ? i.rising
              .map(
                (r) => `${s.text(r.name)} ${r.thisWeek} (about ${Math.round(r.weeklyAverage * 10) / 10} a week before)`,
              )
              .join(', ')
          : 'nothing'
      }`,
      `• Kudos: ${kudos(s, i)}`,
    ];
    return lines.join('\n');
  },
  /** This week at a glance, for a manager's home. */
  insightsGlance: (s: Style, p: { insights: Insights }) => {
    const i = p.insights;
    return [
      `${plural(i.slips.total, 'slip')} in 7 days · ${recovery(i)}`,
      `${time('acknowledged', i.acknowledge)} · ${time('corrected', i.correct)}`,
      `Comps: ${i.comps.count}, ${money(i.currency, i.comps.money)} · best gesture: ${s.text(best(i))} · kudos: ${kudos(s, i, 3)}`,
    ].join('\n');
  },
  /** The weekly digest: the week in four lines, then the gesture that worked best, the slowest category, kudos. */
  digestText: (s: Style, p: { insights: Insights; previousTotal: number }) => {
    const i = p.insights;
    const change = i.slips.total - p.previousTotal;
    return [
      s.strong(`Your week in recovery, ${i.from} to ${i.to}`),
      `1. ${plural(i.slips.total, 'slip')} (${change === 0 ? 'same as' : change > 0 ? `${change} more than` : `${-change} fewer than`} the week before)${i.slips.byCategory[0] ? `, most of them ${s.text(i.slips.byCategory[0].name)} (${i.slips.byCategory[0].count})` : ''}.`,
      `2. ${recovery(i)}.`,
      `3. ${time('Acknowledged', i.acknowledge)}; ${time('corrected', i.correct)}.`,
      `4. Comps: ${i.comps.count}, ${money(i.currency, i.comps.money)}; repeat guests: ${i.repeatGuests}${i.rising.length ? `; rising: ${i.rising.map((r) => s.text(r.name)).join(', ')}` : ''}.`,
      `What worked best: ${s.text(best(i))}.`,
      `Slowest category: ${s.text(slowest(i))}.`,
      `Kudos: ${kudos(s, i)}.`,
    ].join('\n');
  },
  /** The chart's alt text: every number the bars show. */
  digestChartAlt: (_s: Style, p: { insights: Insights }) => {
    const i = p.insights;
    return `Bar chart of slips per day, ${i.from} to ${i.to}: ${i.slips.perDay.map((d) => `${d.day} ${d.count}`).join(', ')}; ${i.slips.total} in all, ${i.recovery.recovered} of ${i.recovery.outcomes} followed up recovered.`;
  },
  digestOff: () => 'The weekly digest is off for this workspace.',
  digestSet: (_s: Style, p: { weekday: string; time: string }) =>
    `The weekly digest goes to managers every ${p.weekday} at ${p.time} (the venue's time).`,
} as const;
