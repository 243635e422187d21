import type { CarryOverItem, HandoffLine, HandoffView } from '../../../views/handoff';
import { SEVERITY_LABEL } from '../../../views/recoveryCard';
import {
  type AdaptiveCard,
  type Container,
  card,
  clock,
  type Element,
  execute,
  facts,
  heading,
  line,
  type People,
  quote,
  type RichTextBlock,
} from './elements';

export const HANDOFF_VERBS = { take: 'rc.handoff.take', post: 'rc.handoff.post' } as const;

const SHOWN_CARRY_OVERS = 10;
const SHOWN_LINES = 30;
const LINES_PER_REPLY = 100;

const KIND_LABEL: Record<CarryOverItem['kinds'][number], string> = {
  escalated: '🚨 escalated',
  followup_due: '⏰ follow-up due',
  repeat: '🔁 repeat guest',
  open: 'open',
};

export interface RenderedHandoff {
  text: string;
  card: AdaptiveCard;
  /** For a big shift: the full list, as replies in the handoff's thread. */
  replies: AdaptiveCard[];
}

/**
 * The shift handoff as an Adaptive Card, from the same view as Slack's: counts, carry-overs first (with "Take
 * this"), what happened, kudos. A big shift keeps the most important first and puts the full list in the thread.
 * Undefined for a quiet shift when the channel prefers silence.
 */
export function renderHandoff(view: HandoffView, people: People): RenderedHandoff | undefined {
  if (view.quiet && view.quietStyle === 'silent' && !view.preview) return undefined;
  const title = `${view.preview ? 'So far: ' : 'Handoff: '}${view.shiftName}`;
  const window = `${clock(view.window.start, view.timezone)}–${clock(view.window.end, view.timezone)} (${view.timezone})`;
  const body: Element[] = [heading(title, { size: 'Large' }), line([{ subtle: window }])];
  const actions = view.preview ? [execute('Post now', HANDOFF_VERBS.post, { channel: view.channel }, 'positive')] : [];
  if (view.quiet) {
    body.push(line(['No guest issues logged this shift.']));
    return { text: `${title}: no guest issues logged`, card: card(body, actions), replies: [] };
  }
  const c = view.counts;
  body.push(
    facts([
      ['Slips', `${c.total}: ${c.recovered} recovered, ${c.open} still open`],
      [
        'Severity',
        (Object.keys(c.bySeverity) as Array<keyof typeof c.bySeverity>)
          .filter((s) => c.bySeverity[s] > 0)
          .map((s) => `${SEVERITY_LABEL[s]} ${c.bySeverity[s]}`)
          .join(' · '),
      ],
      ['Categories', c.byCategory.map((x) => `${x.name} ${x.count}`).join(' · ')],
    ]),
  );
  if (view.carryOvers.length > 0) {
    body.push(heading(`Carry over to the next shift (${view.carryOvers.length})`));
    for (const item of view.carryOvers.slice(0, SHOWN_CARRY_OVERS)) body.push(carryOver(item, view.timezone, people));
    const more = view.carryOvers.length - SHOWN_CARRY_OVERS;
    if (more > 0) body.push(line([{ subtle: `+${more} more carry-overs: the full list is in the thread.` }]));
  }
  if (view.happened.length > 0) {
    body.push(heading('What happened'));
    for (const h of view.happened.slice(0, SHOWN_LINES))
      body.push({ ...quote(happened(h, view.timezone, people)), spacing: 'None' });
    const more = view.happened.length - SHOWN_LINES;
    if (more > 0) body.push(line([{ subtle: `+${more} more: the full list is in the thread.` }]));
  }
  if (view.kudos.length > 0)
    body.push(
      line([
        { bold: '👏 Kudos ' },
        `for recoveries that ended with a real connect: ${view.kudos.map((k) => `${people(k.user)} (${k.slipIds.length})`).join(', ')}`,
      ]),
    );
  const big = view.carryOvers.length > SHOWN_CARRY_OVERS || view.happened.length > SHOWN_LINES;
  return {
    text: `${title}: ${c.total} slips, ${view.carryOvers.length} carried over`,
    card: card(body, actions),
    replies: big ? fullList(view, people) : [],
  };
}

function carryOver(item: CarryOverItem, zone: string, people: People): Container {
  const kinds = item.kinds
    .filter((k) => k !== 'open' || item.kinds.length === 1)
    .map((k) => KIND_LABEL[k])
    .join(' · ');
  const when = item.dueAt ? `due ${clock(item.dueAt, zone)}` : `since ${clock(item.createdAt, zone)}`;
  return {
    type: 'Container',
    separator: true,
    items: [
      line([
        { bold: `#${item.slipId} ` },
        `${item.guestRef ?? 'no guest ref'} · ${item.categoryName} · ${SEVERITY_LABEL[item.severity]}`,
      ]),
      line([{ subtle: `${kinds} · owner ${people(item.owner)} · ${when}` }]),
      ...(item.promise ? [quote(`Promised: ${item.promise}`)] : []),
      { type: 'ActionSet', actions: [execute('Take this', HANDOFF_VERBS.take, { slipId: item.slipId })] },
    ],
  };
}

function happened(h: HandoffLine, zone: string, people: People): string {
  return `• ${clock(h.createdAt, zone)} #${h.slipId} ${h.guestRef ?? '—'} · ${h.categoryName} · ${h.status} · ${people(h.handledBy)}`;
}

function fullList(view: HandoffView, people: People): AdaptiveCard[] {
  const lines = [
    ...view.carryOvers.map(
      (c) =>
        `• carry over #${c.slipId} ${c.guestRef ?? '—'} · ${c.categoryName} · ${c.kinds.join(', ')} · owner ${people(c.owner)}`,
    ),
    ...view.happened.map((h) => happened(h, view.timezone, people)),
  ];
  const cards: AdaptiveCard[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_REPLY)
    cards.push(
      card([
        heading(`Full list for ${view.shiftName} (${i / LINES_PER_REPLY + 1})`),
        ...lines.slice(i, i + LINES_PER_REPLY).map((l): RichTextBlock => ({ ...quote(l), spacing: 'None' })),
      ]),
    );
  return cards;
}
