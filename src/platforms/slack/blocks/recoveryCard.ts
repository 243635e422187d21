import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { DateTime } from 'luxon';
import { clockLine } from '../../../clock/words';
import type { Severity } from '../../../playbook/schema';
import { CARD_ACTION_LABELS, type CardAction, type CardStep, type RecoveryCardView } from '../../../views/recoveryCard';
import { SLACK_STYLE } from '../style';
import { escapeMrkdwn, humanize, LIMITS, md, mention, plain, slackTime, truncate } from './text';

/** Block Kit for the recovery card. Pure: the same view always gives the same blocks. */

/** A message as we post it: the notification text and its blocks (`@slack/types`, what the Web API takes). */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const ACTION_IDS: Record<CardAction, string> = {
  acknowledge: 'rc_acknowledge',
  correct: 'rc_correct',
  connect: 'rc_connect',
  followup: 'rc_followup',
  escalate: 'rc_escalate',
  recategorize: 'rc_recategorize',
  dismiss: 'rc_dismiss',
  close: 'rc_close',
  reopen: 'rc_reopen',
};

export const SEVERITY_BADGE: Record<Severity, string> = {
  low: ':large_green_circle: Low',
  medium: ':large_yellow_circle: Medium',
  high: ':large_orange_circle: High',
  critical: ':red_circle: Critical',
};

export function renderRecoveryCard(card: RecoveryCardView, now: number = Date.now()): SlackMessage {
  const title = [
    `*${escapeMrkdwn(card.categoryName)}*`,
    card.guestRef ? escapeMrkdwn(card.guestRef) : undefined,
    SEVERITY_BADGE[card.severity],
  ]
    .filter(Boolean)
    .join('  ·  ');
  const fallback = truncate(
    `${card.slipId ? `Slip #${card.slipId}: ` : ''}${escapeMrkdwn(card.categoryName)}${card.guestRef ? ` · ${escapeMrkdwn(card.guestRef)}` : ''} (${card.severity})`,
    LIMITS.fallbackText,
  );
  if (card.collapsed) return { text: fallback, blocks: collapsed(card, title) };
  const blocks: KnownBlock[] = [
    { type: 'section', text: md(`${title}${card.repeat ? '  ·  :repeat: Repeat guest' : ''}`) },
    { type: 'context', elements: [plain(`“${humanize(card.quote)}”`, LIMITS.contextText)] },
    {
      type: 'context',
      elements: [
        md(
          `${card.slipId ? `Slip #${card.slipId} · ` : ''}reported by ${mention(card.reporter)}${card.owner !== card.reporter ? ` · owner ${mention(card.owner)}` : ''}`,
          LIMITS.contextText,
        ),
      ],
    },
    { type: 'divider' },
    ...card.steps.map((step, i) => stepBlock(step, i + 1, card.nextStep === step.key)),
  ];
  const clock = card.clock && clockLine(card.clock, now, SLACK_STYLE);
  if (clock) blocks.splice(3, 0, { type: 'context', elements: [md(`:stopwatch: ${clock}`, LIMITS.contextText)] });
  const offers = offerText(card);
  if (offers) blocks.push({ type: 'section', text: md(offers) });
  if (card.escalation) blocks.push({ type: 'section', text: md(escalationText(card)) });
  blocks.push({ type: 'context', elements: [md(followUpText(card, now), LIMITS.contextText)] });
  blocks.push(actionsBlock(card));
  blocks.push({
    type: 'context',
    elements: [
      md(
        card.engine === 'openai'
          ? ':sparkles: Tailored by AI from your venue playbook'
          : ':clipboard: From your venue playbook',
        LIMITS.contextText,
      ),
    ],
  });
  return { text: fallback, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

function collapsed(card: RecoveryCardView, title: string): KnownBlock[] {
  const what = card.status === 'dismissed' ? 'Marked not a slip' : 'Closed';
  const by = card.lastEvent ? ` by ${mention(card.lastEvent.by)}` : '';
  return [
    { type: 'section', text: md(`~Slip #${card.slipId}~  ${title}\n${what}${by}.`) },
    { type: 'context', elements: [plain(`“${humanize(card.quote)}”`, LIMITS.contextText)] },
    actionsBlock(card),
  ];
}

function stepBlock(step: CardStep, number: number, isNext: boolean): SectionBlock {
  const head = `${isNext ? ':point_right: ' : ''}*${number}. ${step.title}*`;
  const done = step.done
    ? `  :white_check_mark: ${mention(step.done.by)} ${slackTime(step.done.at, 'earlier')}${step.done.detail ? ` — ${escapeMrkdwn(step.done.detail)}` : ''}`
    : '';
  const lines = step.lines.map((line) => `• ${escapeMrkdwn(line)}`).join('\n');
  return { type: 'section', text: md(`${head}${done}\n${lines}`) };
}

function offerText(card: RecoveryCardView): string | undefined {
  if (card.managerOwned) return ':shield: *Manager-owned procedure:* no comps — follow the checklist with the manager.';
  const parts: string[] = [];
  if (card.gestures.length > 0) parts.push(`*You may offer:* ${card.gestures.map(escapeMrkdwn).join(' · ')}`);
  if (card.needsApproval.length > 0)
    parts.push(`*Needs approval:* ${card.needsApproval.map(escapeMrkdwn).join(' · ')}`);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function escalationText(card: RecoveryCardView): string {
  const e = card.escalation!;
  const head = e.escalated ? ':rotating_light: *Escalated to a manager*' : ':rotating_light: *Needs a manager*';
  const reasons = e.reasons.length > 0 ? `: ${e.reasons.map(escapeMrkdwn).join('; ')}` : '';
  const checklist = e.checklist.map((item) => `☐ ${escapeMrkdwn(item)}`).join('\n');
  return `${head}${reasons}${checklist ? `\n${checklist}` : ''}`;
}

function followUpText(card: RecoveryCardView, now: number): string {
  const f = card.followUp;
  if (!f) {
    return card.followUpTiming === 'none'
      ? ':calendar: No follow-up in the playbook for this one.'
      : `:calendar: Follow-up: ${escapeMrkdwn(card.followUpTiming)} (scheduled when the fix is recorded)`;
  }
  if (f.status === 'done') return `:calendar: Follow-up done: ${escapeMrkdwn((f.outcome ?? '').replace('_', ' '))}`;
  if (f.status === 'cancelled') return ':calendar: Follow-up cancelled';
  const fallback = DateTime.fromMillis(f.dueAt, { zone: card.timezone }).toFormat('ccc HH:mm');
  const soon = f.dueAt - now < 60 * 60_000 ? ` (in ${Math.max(0, Math.round((f.dueAt - now) / 60_000))} min)` : '';
  return `:calendar: Follow-up due <!date^${Math.floor(f.dueAt / 1000)}^{date_short_pretty} at {time}|${fallback}>${soon}`;
}

function actionsBlock(card: RecoveryCardView): ActionsBlock {
  return {
    type: 'actions',
    block_id: `rc_card_${card.slipId}`,
    elements: card.actions.map((action) => button(action, card.slipId, card.nextStep === action)),
  };
}

function button(action: CardAction, slipId: string, primary: boolean): Button {
  const element: Button = {
    type: 'button',
    action_id: ACTION_IDS[action],
    text: plain(CARD_ACTION_LABELS[action], LIMITS.buttonText),
    value: slipId,
  };
  if (primary) element.style = 'primary';
  if (action === 'escalate') {
    element.style = 'danger';
    element.confirm = {
      title: plain('Escalate to a manager?', 100),
      text: plain('The managers on duty get a direct message with this slip and the checklist.', 300),
      confirm: plain('Escalate', 30),
      deny: plain('Cancel', 30),
    };
  }
  return element;
}
