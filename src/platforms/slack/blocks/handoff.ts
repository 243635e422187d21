import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { CarryOverItem, HandoffLine, HandoffView } from '../../../views/handoff';
import { SEVERITY_BADGE, type SlackMessage } from './recoveryCard';
import { escapeMrkdwn, LIMITS, md, mention, plain, truncate } from './text';

export const HANDOFF_ACTIONS = { take: 'rc_handoff_take', post: 'rc_handoff_post', home: 'rc_handoff_home' } as const;

/** Carry-overs shown with their own "Take this" button; the rest are counted and listed in the thread. */
const SHOWN_CARRY_OVERS = 12;
/** "What happened" lines in the main message; the full list goes in a thread reply. */
const SHOWN_LINES = 40;

const KIND_LABEL: Record<CarryOverItem['kinds'][number], string> = {
  escalated: ':rotating_light: escalated',
  followup_due: ':alarm_clock: follow-up due',
  repeat: ':repeat: repeat guest',
  open: 'open',
};

/**
 * The handoff post. Most important first and always within Block Kit's limits: a 500-slip shift still fits, with
 * "+N more" pointing to the thread reply (the full list) and App Home. Returns undefined for a quiet shift when the
 * channel asked for silence.
 */
export function renderHandoff(view: HandoffView): { message: SlackMessage; fullList?: SlackMessage[] } | undefined {
  if (view.quiet && view.quietStyle === 'silent' && !view.preview) return undefined;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${view.preview ? 'So far: ' : 'Handoff: '}${view.shiftName}`, LIMITS.headerText) },
  ];
  if (view.quiet) {
    blocks.push({
      type: 'section',
      text: md(':sparkles: No guest issues logged this shift, and nothing carried over.'),
    });
    return { message: { text: `Handoff: ${view.shiftName}: no guest issues logged`, blocks } };
  }
  blocks.push({ type: 'section', text: md(countsText(view)) });
  if (view.carryOvers.length > 0) {
    blocks.push({ type: 'section', text: md(`*Carry over to the next shift (${view.carryOvers.length})*`) });
    for (const item of view.carryOvers.slice(0, SHOWN_CARRY_OVERS)) blocks.push(carryOverBlock(item, view.timezone));
    const more = view.carryOvers.length - SHOWN_CARRY_OVERS;
    if (more > 0)
      blocks.push({ type: 'context', elements: [md(`+${more} more carried over: see the thread and App Home.`)] });
  }
  const lines = view.happened.map((line) => happenedLine(line, view.timezone));
  if (lines.length > 0) {
    blocks.push({ type: 'section', text: md('*What happened*') });
    blocks.push(...chunkSections(lines.slice(0, SHOWN_LINES), 4));
    const more = lines.length - SHOWN_LINES;
    if (more > 0) blocks.push({ type: 'context', elements: [md(`+${more} more: the full list is in the thread.`)] });
  }
  if (view.kudos.length > 0) {
    const kudos = view.kudos
      .map((k) => `${mention(k.user)} (${k.slipIds.map((id) => `#${id}`).join(', ')})`)
      .join(', ');
    blocks.push({
      type: 'section',
      text: md(`:clap: *Kudos* for recoveries that ended with a real connect: ${kudos}`),
    });
  }
  blocks.push(footer(view));
  const truncated = view.happened.length > SHOWN_LINES || view.carryOvers.length > SHOWN_CARRY_OVERS;
  const text = truncate(
    `Handoff: ${escapeMrkdwn(view.shiftName)}: ${view.counts.total} slips, ${view.carryOvers.length} carried over`,
    LIMITS.fallbackText,
  );
  return {
    message: { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage) },
    fullList: truncated ? fullList(view) : undefined,
  };
}

function countsText(view: HandoffView): string {
  const c = view.counts;
  const severities = (['critical', 'high', 'medium', 'low'] as const)
    .filter((s) => c.bySeverity[s] > 0)
    .map((s) => `${SEVERITY_BADGE[s]} ${c.bySeverity[s]}`)
    .join('  ');
  const categories = c.byCategory
    .slice(0, 8)
    .map((x) => `${escapeMrkdwn(x.name)} ${x.count}`)
    .join(' · ');
  return `*${c.total}* slip${c.total === 1 ? '' : 's'} this shift: *${c.recovered}* recovered, *${c.open}* still open\n${severities}${categories ? `\n${categories}` : ''}`;
}

function carryOverBlock(item: CarryOverItem, zone: string): SectionBlock {
  const when = item.dueAt ? ` · due ${clock(item.dueAt, zone)}` : ` · since ${clock(item.createdAt, zone)}`;
  const promise = item.promise ? `\n> Promised: ${escapeMrkdwn(item.promise)}` : '';
  const kinds = item.kinds
    .filter((k) => k !== 'open' || item.kinds.length === 1)
    .map((k) => KIND_LABEL[k])
    .join(' · ');
  return {
    type: 'section',
    text: md(
      `*#${item.slipId}* ${escapeMrkdwn(item.guestRef ?? 'no guest ref')} · ${escapeMrkdwn(item.categoryName)} · ${SEVERITY_BADGE[item.severity]}\n${kinds} · owner ${mention(item.owner)}${when}${promise}`,
    ),
    accessory: {
      type: 'button',
      action_id: HANDOFF_ACTIONS.take,
      text: plain('Take this', LIMITS.buttonText),
      value: item.slipId,
    },
  };
}

function happenedLine(line: HandoffLine, zone: string): string {
  return `• ${clock(line.createdAt, zone)} #${line.slipId} ${escapeMrkdwn(line.guestRef ?? '—')} · ${escapeMrkdwn(line.categoryName)} · ${line.status} · ${mention(line.handledBy)}`;
}

/** Lines packed into sections of at most 3,000 characters, at most `maxSections` of them. */
function chunkSections(lines: string[], maxSections: number): SectionBlock[] {
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > LIMITS.sectionText && current) {
      sections.push(current);
      current = truncate(line, LIMITS.sectionText);
    } else current = truncate(candidate, LIMITS.sectionText);
  }
  if (current) sections.push(current);
  return sections.slice(0, maxSections).map((text) => ({ type: 'section', text: md(text) }));
}

function footer(view: HandoffView): ActionsBlock {
  const elements: Button[] = [];
  if (view.preview)
    elements.push({
      type: 'button',
      action_id: HANDOFF_ACTIONS.post,
      text: plain('Post now', LIMITS.buttonText),
      style: 'primary',
      value: view.channel,
    });
  const team = view.tenant.startsWith('slack-') ? view.tenant.slice(6) : undefined;
  if (view.appId && team)
    elements.push({
      type: 'button',
      action_id: HANDOFF_ACTIONS.home,
      text: plain('Open in App Home', LIMITS.buttonText),
      url: `slack://app?team=${team}&id=${view.appId}&tab=home`,
    });
  else
    elements.push({
      type: 'button',
      action_id: HANDOFF_ACTIONS.home,
      text: plain('Open in App Home', LIMITS.buttonText),
      value: 'home',
    });
  return { type: 'actions', elements };
}

/** The full list for a big shift, as thread replies of at most 50 sections each. */
function fullList(view: HandoffView): SlackMessage[] {
  const lines = [
    ...view.carryOvers.map(
      (c) =>
        `• carry over #${c.slipId} ${escapeMrkdwn(c.guestRef ?? '—')} · ${escapeMrkdwn(c.categoryName)} · ${c.kinds.join(', ')} · owner ${mention(c.owner)}`,
    ),
    ...view.happened.map((line) => happenedLine(line, view.timezone)),
  ];
  const sections = chunkSections(lines, Number.POSITIVE_INFINITY);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < sections.length; i += LIMITS.blocksPerMessage)
    messages.push({
      text: `Full list for ${view.shiftName} (${i / LIMITS.blocksPerMessage + 1})`,
      blocks: sections.slice(i, i + LIMITS.blocksPerMessage),
    });
  return messages;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "HH:mm" in the venue's zone; Intl formatters are cached per zone (a big shift formats thousands of times). */
function clock(at: number, zone: string): string {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(zone, format);
  }
  return format.format(at);
}
