import type { Style } from '../style';

/** Sentences around the cards (handoffs, reminders, home, forms) that Slack and Teams both say. */
export const CARDS_SAY = {
  tookSlip: (s: Style, p: { slipId: string; guest?: string }) =>
    `You own slip #${p.slipId} now${p.guest ? ` (${s.text(p.guest)})` : ''}.`,
  promised: (s: Style, p: { promise: string }) => `What we promised: ${s.text(p.promise)}`,
  alreadySlip: (_s: Style, p: { slipId: string }) =>
    `This message is already slip #${p.slipId}; its card is in the thread.`,
  followUpsSummary: (
    _s: Style,
    p: { recovered: number; notRecovered: number; unreachable: number; open: number; closed: number },
  ) =>
    `Follow-ups: ${p.recovered} recovered · ${p.notRecovered} still unhappy · ${p.unreachable} unreachable · ${p.open} slips open, ${p.closed} closed`,
  noManagers: (s: Style, p: { slipId: string; reason: string }) =>
    `⚠ Slip #${p.slipId} needs a manager (${s.text(p.reason)}), but no managers are set up here yet: ${s.code(s.command('role @someone manager'))} makes someone one.`,
  channelNotWatched: () => "I don't watch that channel any more, so its slips are not handed over here.",
} as const;
