import { type ClockView, stepTimes } from '../clock/clock';
import type { Severity } from '../playbook/schema';
import type { SlipAction } from '../slips/lifecycle';
import { isOpen, lastEntry, type Slip, type SlipStatus, type Step } from '../slips/slip';

/** Buttons a card can show; each maps to one use case. */
export type CardAction =
  | 'acknowledge'
  | 'correct'
  | 'connect'
  | 'followup'
  | 'escalate'
  | 'recategorize'
  | 'dismiss'
  | 'close'
  | 'reopen';

/** The buttons' words, the same on every platform. */
export const CARD_ACTION_LABELS: Record<CardAction, string> = {
  acknowledge: 'Acknowledged',
  correct: 'Corrected…',
  connect: 'Connected',
  followup: 'Schedule follow-up…',
  escalate: 'Escalate to manager',
  recategorize: 'Wrong category?',
  dismiss: 'Not a slip',
  close: 'Close',
  reopen: 'Reopen',
};

/** What a button that changes the slip at once asks for; undefined for the two that open a form first. */
export function directAction(action: CardAction): SlipAction | undefined {
  switch (action) {
    case 'acknowledge':
      return { kind: 'acknowledge' };
    case 'connect':
      return { kind: 'connect' };
    case 'escalate':
      return { kind: 'escalate', reason: 'escalated from the card by the team' };
    case 'dismiss':
      return { kind: 'dismiss', note: 'not a slip (feedback for the detector)' };
    case 'close':
      return { kind: 'close' };
    case 'reopen':
      return { kind: 'reopen' };
    default:
      return undefined;
  }
}

export interface CardStep {
  key: Step;
  title: string;
  lines: string[];
  done?: { by: string; at: number; detail?: string };
}

/** Everything a recovery card shows, independent of Slack, Teams or the terminal. */
export interface RecoveryCardView {
  slipId: string;
  categoryName: string;
  severity: Severity;
  guestRef?: string;
  reporter: string;
  owner: string;
  /** The staff member's words (PII-redacted). Renderers must escape it. */
  quote: string;
  status: SlipStatus;
  /** Closed or dismissed: renderers show a compact version. */
  collapsed: boolean;
  steps: CardStep[];
  /** The step to do next, if any. */
  nextStep?: Step;
  gestures: string[];
  needsApproval: string[];
  managerOwned: boolean;
  escalation?: { escalated: boolean; reasons: string[]; checklist: string[] };
  followUp?: { dueAt: number; status: 'scheduled' | 'done' | 'cancelled'; outcome?: string };
  /** The playbook's timing for this category ("15m after fix"). */
  followUpTiming: string;
  actions: CardAction[];
  /** The playbook's active categories, for a "Wrong category?" picker drawn in the card itself (Teams). */
  categories: Array<{ id: string; name: string }>;
  categoryId: string;
  engine: 'rules' | 'openai';
  timezone: string;
  currency: string;
  repeat: boolean;
  lastEvent?: { by: string; at: number; text: string };
  /** The recovery clock (step times and targets); renderers say it in words at their `now` (see clockLine). */
  clock?: ClockView;
}

const STEP_TITLES: Record<Step, string> = { acknowledge: 'Acknowledge', correct: 'Correct', connect: 'Connect' };
const STEP_EVENT = { acknowledge: 'acknowledged', correct: 'corrected', connect: 'connected' } as const;
const NEXT: Partial<Record<SlipStatus, Step>> = { open: 'acknowledge', acknowledged: 'correct', corrected: 'connect' };

export function buildRecoveryCard(
  slip: Slip,
  venue: { timezone: string; currency: string },
  categories: Array<{ id: string; name: string; retired?: boolean }> = [],
): RecoveryCardView {
  const advice = slip.advice;
  const steps: CardStep[] = (['acknowledge', 'correct', 'connect'] as Step[]).map((key) => {
    const entry = lastEntry(slip, STEP_EVENT[key]);
    const detail =
      key === 'correct' && entry?.gesture ? gestureText(entry.gesture, entry.cost, venue.currency) : entry?.note;
    return {
      key,
      title: STEP_TITLES[key],
      lines: advice[key],
      ...(entry ? { done: { by: entry.by, at: entry.at, ...(detail ? { detail } : {}) } } : {}),
    };
  });
  const open = isOpen(slip);
  const nextStep = open ? NEXT[slip.status] : undefined;
  return {
    slipId: slip.id,
    categoryName: advice.categoryName,
    severity: slip.severity,
    guestRef: slip.guestRef?.text,
    reporter: slip.reporter,
    owner: slip.owner,
    quote: slip.text,
    status: slip.status,
    collapsed: !open,
    steps,
    nextStep,
    gestures: advice.gestures.map((g) => g.label),
    needsApproval: advice.needsApproval.map((g) => `${g.label} (ask ${article(g.askRole ?? 'manager')})`),
    managerOwned: advice.managerOwned,
    escalation:
      advice.escalate || slip.escalated
        ? { escalated: slip.escalated, reasons: advice.escalationReasons, checklist: advice.checklist }
        : undefined,
    followUp: slip.followUp
      ? {
          dueAt: slip.followUp.dueAt,
          status: slip.followUp.status,
          outcome: slip.followUp.outcome,
        }
      : undefined,
    followUpTiming: advice.followUp,
    actions: actionsFor(slip, nextStep),
    categories: categories.filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name })),
    categoryId: slip.categoryId,
    engine: advice.engine,
    timezone: venue.timezone,
    currency: venue.currency,
    repeat: slip.repeatOf.length > 0,
    lastEvent: describeLast(slip),
    ...(slip.targets ? { clock: { times: stepTimes(slip), targets: slip.targets, open } } : {}),
  };
}

function actionsFor(slip: Slip, nextStep: Step | undefined): CardAction[] {
  if (!isOpen(slip)) return ['reopen'];
  const actions: CardAction[] = [];
  if (nextStep) actions.push(nextStep);
  actions.push('followup');
  if (!slip.escalated) actions.push('escalate');
  actions.push('recategorize');
  if (slip.status === 'open' || slip.status === 'acknowledged') actions.push('dismiss');
  actions.push('close');
  return actions;
}

function describeLast(slip: Slip): RecoveryCardView['lastEvent'] {
  const entry = slip.timeline[slip.timeline.length - 1];
  if (!entry || entry.kind === 'reported') return undefined;
  const text: Partial<Record<typeof entry.kind, string>> = {
    acknowledged: 'acknowledged',
    corrected: 'corrected',
    connected: 'connected',
    followup_scheduled: 'scheduled a follow-up',
    followup_done: 'finished the follow-up',
    escalated: 'escalated to a manager',
    reassigned: 'reassigned it',
    closed: 'closed it',
    reopened: 'reopened it',
    dismissed: 'marked it not a slip',
    snoozed: 'snoozed the follow-up',
    edited: 'edited the message',
    recategorized: 'changed the category',
    comp_requested: 'asked a lead or manager to approve a comp',
    comp_approved: 'approved a comp',
    comp_declined: 'declined a comp',
  };
  const said = text[entry.kind];
  return said ? { by: entry.by, at: entry.at, text: said } : undefined;
}

export function gestureText(label: string, cost: number | undefined, currency: string): string {
  return cost ? `${label} (${formatMoney(cost, currency)})` : label;
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

function article(role: string): string {
  if (/^(a|an|the)\s/i.test(role)) return role;
  return `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role.toLowerCase()}`;
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};
