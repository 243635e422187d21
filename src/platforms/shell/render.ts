import { DateTime } from 'luxon';
import { clockLine } from '../../clock/words';
import { render, said } from '../../conversation/catalogue';
import { PLAIN_STYLE, plainStyle } from '../../conversation/style';
import { describeDue } from '../../followups/timing';
import { plainText } from '../../views/escape';
import type { HandoffView } from '../../views/handoff';
import type { Outbound } from '../../views/outbound';
import { type CardAction, type RecoveryCardView, SEVERITY_LABEL } from '../../views/recoveryCard';

/** Plain-text rendering of the neutral views, for the shell chat and the CLI. Pure functions. */

const ACTION_HINTS: Record<CardAction, (id: string) => string> = {
  acknowledge: (id) => `ack ${id}`,
  correct: (id) => `fix ${id} <what you did> [$cost]`,
  connect: (id) => `connect ${id}`,
  followup: (id) => `followup ${id} <15m|tomorrow|17:30>`,
  escalate: (id) => `escalate ${id}`,
  recategorize: (id) => `recat ${id} <category>`,
  dismiss: (id) => `notslip ${id}`,
  close: (id) => `close ${id}`,
  reopen: (id) => `reopen ${id}`,
};

export function renderCardText(card: RecoveryCardView, now: number, options: { showHints?: boolean } = {}): string {
  const lines: string[] = [];
  const title = [
    card.slipId ? `Slip #${card.slipId}` : 'Suggested recovery',
    card.categoryName,
    card.guestRef,
    SEVERITY_LABEL[card.severity],
  ]
    .filter(Boolean)
    .join(' · ');
  lines.push(`┌ ${title}${card.engine === 'openai' ? ' · tailored by AI' : ''}`);
  lines.push(
    `│ "${oneLine(card.quote)}" (reported by ${card.reporter}${card.owner !== card.reporter ? `, owner ${card.owner}` : ''})`,
  );
  const clockWords = card.clock && clockLine(card.clock, now, OUTBOUND_STYLE);
  if (clockWords) lines.push(`│ ⏱ ${clockWords}`);
  if (card.collapsed) {
    lines.push(`└ ${card.status === 'dismissed' ? 'Marked not a slip' : 'Closed'}${lastEvent(card, now)}`);
    if (options.showHints !== false) lines.push(`  next: ${ACTION_HINTS.reopen(card.slipId)}`);
    return plainText(lines.join('\n'));
  }
  if (card.repeat) lines.push('│ ⚠ Repeat guest: this guest has had a slip already.');
  card.steps.forEach((step, i) => {
    const done = step.done
      ? `  ✓ ${step.done.by} ${clock(step.done.at, card.timezone)}${step.done.detail ? ` (${step.done.detail})` : ''}`
      : '';
    const marker = card.nextStep === step.key ? '▶' : ' ';
    lines.push(`│${marker}${i + 1}. ${step.title}${done}`);
    for (const line of step.lines) lines.push(`│     - ${line}`);
  });
  if (card.managerOwned) lines.push('│ Manager-owned procedure: no comps, follow the checklist.');
  if (card.gestures.length > 0) lines.push(`│ You may offer: ${card.gestures.join('; ')}`);
  if (card.needsApproval.length > 0) lines.push(`│ Needs approval: ${card.needsApproval.join('; ')}`);
  if (card.escalation) {
    const state = card.escalation.escalated ? 'Escalated to a manager' : 'Needs a manager';
    lines.push(`│ ⚠ ${state}: ${card.escalation.reasons.join('; ') || 'requested'}`);
    for (const item of card.escalation.checklist) lines.push(`│     [ ] ${item}`);
  }
  lines.push(`│ Follow-up: ${followUpText(card, now)}`);
  lines.push(`└ Status: ${card.status}${lastEvent(card, now)}`);
  if (options.showHints !== false)
    lines.push(`  next: ${card.actions.map((a) => ACTION_HINTS[a](card.slipId)).join(' · ')}`);
  return plainText(lines.join('\n'));
}

function followUpText(card: RecoveryCardView, now: number): string {
  const f = card.followUp;
  if (!f) return card.followUpTiming === 'none' ? 'none' : `${card.followUpTiming} (scheduled when you record the fix)`;
  if (f.status === 'done') return `done (${(f.outcome ?? '').replace('_', ' ')})`;
  if (f.status === 'cancelled') return 'cancelled';
  return `${describeDue(f.dueAt, now, card.timezone)} (${clock(f.dueAt, card.timezone)})`;
}

function lastEvent(card: RecoveryCardView, now: number): string {
  if (!card.lastEvent) return '';
  const ago = Math.max(0, Math.round((now - card.lastEvent.at) / 60_000));
  return ` · ${card.lastEvent.by} ${card.lastEvent.text} ${ago === 0 ? 'just now' : `${ago} min ago`}`;
}

function clock(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** The catalogue's words in a line the bot prints on its own (people by their shell names). */
const OUTBOUND_STYLE = plainStyle({
  command: (words) => `/${words}`,
  report: (words) => `/recover ${words}`,
  person: (id) => id,
  home: 'the list (/list)',
});

/** A reminder, an escalation or a notice as a shell chat line. */
export function renderOutboundText(message: Outbound, now: number): string {
  // a terminal obeys escape sequences: a person's words never carry one to it
  return plainText(outboundText(message, now));
}

function outboundText(message: Outbound, now: number): string {
  switch (message.kind) {
    case 'card':
      return renderCardText(message.card, now);
    case 'reminder': {
      const r = message.reminder;
      const head = {
        remind: `⏰ Follow-up due for slip #${r.slipId}`,
        nudge: `⏰ Still waiting on the follow-up for slip #${r.slipId}`,
        handover: `👋 ${r.owner} is off shift: can someone on this shift follow up slip #${r.slipId}?`,
      }[r.stage];
      return [
        `${head} · ${r.categoryName}${r.guestRef ? ` · ${r.guestRef}` : ''} (owner ${r.owner})`,
        `  What happened: "${oneLine(r.quote)}"`,
        ...(r.promise ? [`  ${render(said('promised', { promise: r.promise }), PLAIN_STYLE)}`] : []),
        `  How did it go? done ${r.slipId} recovered | done ${r.slipId} unhappy | done ${r.slipId} unreachable | snooze ${r.slipId} 15m | assign ${r.slipId} <name>`,
      ].join('\n');
    }
    case 'escalation': {
      const a = message.alert;
      return [
        `🚨 Slip #${a.slipId} needs a manager: ${a.reason}`,
        `  ${a.categoryName}${a.guestRef ? ` · ${a.guestRef}` : ''} · ${a.severity} · "${oneLine(a.quote)}"`,
        ...a.checklist.map((item) => `  [ ] ${item}`),
      ].join('\n');
    }
    case 'handoff':
      return renderHandoffText(message.handoff);
    case 'notice':
      return message.text;
    case 'said':
      return render(message.said, OUTBOUND_STYLE);
    case 'digest':
      // no image in a terminal: the words, then what the chart shows
      return `${render(message.digest.text, OUTBOUND_STYLE)}\n📊 ${render(message.digest.alt, OUTBOUND_STYLE)}`;
  }
}

/** The handoff summary as text (the shell's /handoff and its shift-change posts). */
export function renderHandoffText(view: HandoffView): string {
  const title = `${view.preview ? '📋 So far' : '📋 Handoff'}: ${view.shiftName}`;
  if (view.quiet) return `${title}\n  No guest issues logged this shift, and nothing carried over.`;
  const c = view.counts;
  const lines = [title, `  ${c.total} slip(s) this shift: ${c.recovered} recovered, ${c.open} still open`];
  if (c.byCategory.length > 0) lines.push(`  ${c.byCategory.map((x) => `${x.name} ${x.count}`).join(' · ')}`);
  if (view.carryOvers.length > 0) {
    lines.push(`  Carry over to the next shift (${view.carryOvers.length}):`);
    for (const item of view.carryOvers.slice(0, 20)) {
      const due = item.dueAt ? `, follow-up due ${clock(item.dueAt, view.timezone)}` : '';
      const promise = item.promise ? `, promised: ${item.promise}` : '';
      lines.push(
        `   - #${item.slipId} ${item.guestRef ?? 'no guest ref'} · ${item.categoryName} · ${item.kinds.join(', ')} · owner ${item.owner}${due}${promise}`,
      );
    }
    if (view.carryOvers.length > 20) lines.push(`   +${view.carryOvers.length - 20} more`);
  }
  if (view.happened.length > 0) {
    lines.push('  What happened:');
    for (const line of view.happened.slice(0, 40))
      lines.push(
        `   - ${clock(line.createdAt, view.timezone)} #${line.slipId} ${line.guestRef ?? '—'} · ${line.categoryName} · ${line.status} · ${line.handledBy}`,
      );
    if (view.happened.length > 40) lines.push(`   +${view.happened.length - 40} more`);
  }
  if (view.kudos.length > 0)
    lines.push(
      `  👏 Kudos: ${view.kudos.map((k) => `${k.user} (${k.slipIds.map((id) => `#${id}`).join(', ')})`).join(', ')}`,
    );
  return plainText(lines.join('\n'));
}
