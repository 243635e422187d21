import type { Advice } from '../coach/advice';
import { AppError } from '../errors';
import {
  type FollowUpOutcome,
  isOpen,
  type Slip,
  type SlipStatus,
  statusBeforeClose,
  type TimelineEntry,
} from './slip';

/** Everything that can happen to a slip after it is reported. */
export type SlipAction =
  | { kind: 'acknowledge' }
  /** `picked`: the gesture was chosen from the form's list, so it must be one of the playbook's. */
  | { kind: 'correct'; gesture?: string; cost?: number; note?: string; picked?: boolean }
  | { kind: 'connect'; note?: string }
  | { kind: 'schedule_followup'; dueAt: number; purpose?: string; promise?: string }
  | { kind: 'followup_done'; outcome: FollowUpOutcome; note?: string }
  | { kind: 'snooze'; dueAt: number }
  | { kind: 'reminded' }
  | { kind: 'nudged' }
  | { kind: 'escalate'; reason: string }
  | { kind: 'reassign'; owner: string }
  | { kind: 'close'; note?: string }
  | { kind: 'reopen' }
  | { kind: 'dismiss'; note?: string }
  | { kind: 'edit'; text: string }
  /** A person says the detector's category was wrong: the card's advice is rebuilt for the right one. */
  | { kind: 'recategorize'; categoryId: string; advice: Advice; note: string }
  | { kind: 'delivery_failed'; note: string }
  /** A comp approval in chat: asked for, approved or declined (the comp itself is recorded by `correct`). */
  | { kind: 'comp'; event: 'requested' | 'approved' | 'declined'; gesture: string; cost: number; note?: string };

export const DEFAULT_FOLLOWUP_PURPOSE = 'check-back';

const STEP_ORDER: Record<'acknowledge' | 'correct' | 'connect', { from: SlipStatus; to: SlipStatus; first: string }> = {
  acknowledge: { from: 'open', to: 'acknowledged', first: '' },
  correct: {
    from: 'acknowledged',
    to: 'corrected',
    first: 'Acknowledge first: own it with the guest before fixing it.',
  },
  connect: { from: 'corrected', to: 'connected', first: 'Correct first: fix the real problem before the check-back.' },
};

type Log = (entry: Omit<TimelineEntry, 'at' | 'by'>) => void;
type Handler<K extends SlipAction['kind']> = (
  slip: Slip,
  next: Slip,
  action: Extract<SlipAction, { kind: K }>,
  log: Log,
) => void;

const step =
  <K extends 'acknowledge' | 'correct' | 'connect'>(kind: K): Handler<K> =>
  (slip, next, stepAction, log) => {
    const action = stepAction as SlipAction;
    requireOpen(slip);
    const rule = STEP_ORDER[kind];
    if (slip.status !== rule.from) throw stepError(slip, kind, rule.first);
    next.status = rule.to;
    const gesture =
      action.kind === 'correct' && action.gesture ? { gesture: action.gesture, cost: action.cost ?? 0 } : {};
    if (action.kind === 'correct' && action.gesture) next.gesture = { label: action.gesture, cost: action.cost ?? 0 };
    const note = 'note' in action && action.note ? { note: action.note } : {};
    log({ kind: rule.to as TimelineEntry['kind'], ...gesture, ...note });
  };

const HANDLERS: { [K in SlipAction['kind']]: Handler<K> } = {
  acknowledge: step('acknowledge'),
  correct: step('correct'),
  connect: step('connect'),
  schedule_followup: (slip, next, action, log) => {
    requireOpen(slip);
    next.followUp = {
      purpose: action.purpose ?? slip.followUp?.purpose ?? DEFAULT_FOLLOWUP_PURPOSE,
      dueAt: action.dueAt,
      status: 'scheduled',
      promise: action.promise ?? slip.followUp?.promise,
      nudges: 0,
    };
    log({ kind: 'followup_scheduled', dueAt: action.dueAt, ...(action.promise ? { note: action.promise } : {}) });
  },
  snooze: (slip, next, action, log) => {
    requireScheduled(slip);
    next.followUp = { ...slip.followUp!, dueAt: action.dueAt, remindedAt: undefined, nudges: 0 };
    log({ kind: 'snoozed', dueAt: action.dueAt });
  },
  followup_done: (slip, next, action, log) => {
    requireScheduled(slip);
    next.followUp = { ...slip.followUp!, status: 'done', outcome: action.outcome };
    log({ kind: 'followup_done', outcome: action.outcome, ...(action.note ? { note: action.note } : {}) });
  },
  reminded: (slip, next, _action, log) => {
    requireScheduled(slip);
    next.followUp = { ...slip.followUp!, remindedAt: next.updatedAt };
    log({ kind: 'reminded' });
  },
  nudged: (slip, next, _action, log) => {
    requireScheduled(slip);
    next.followUp = { ...slip.followUp!, nudges: slip.followUp!.nudges + 1 };
    log({ kind: 'nudged' });
  },
  escalate: (slip, next, action, log) => {
    requireOpen(slip);
    next.escalated = true;
    log({ kind: 'escalated', note: action.reason });
  },
  reassign: (slip, next, action, log) => {
    requireOpen(slip);
    if (action.owner === slip.owner) throw invalid(`Slip #${slip.id} is already owned by that person.`);
    next.owner = action.owner;
    log({ kind: 'reassigned', note: action.owner });
  },
  close: (slip, next, action, log) => {
    requireOpen(slip);
    next.status = 'closed';
    cancelFollowUp(next, log);
    log({ kind: 'closed', ...(action.note ? { note: action.note } : {}) });
  },
  dismiss: (slip, next, action, log) => {
    requireOpen(slip);
    if (slip.status === 'corrected' || slip.status === 'connected')
      throw invalid(`Slip #${slip.id} has already been corrected; close it instead.`);
    next.status = 'dismissed';
    cancelFollowUp(next, log);
    log({ kind: 'dismissed', ...(action.note ? { note: action.note } : {}) });
  },
  reopen: (slip, next, _action, log) => {
    if (isOpen(slip)) throw invalid(`Slip #${slip.id} is still open.`);
    next.status = statusBeforeClose(slip);
    log({ kind: 'reopened' });
  },
  comp: (_slip, _next, action, log) => {
    log({
      kind: `comp_${action.event}`,
      gesture: action.gesture,
      cost: action.cost,
      ...(action.note ? { note: action.note } : {}),
    });
  },
  recategorize: (slip, next, action, log) => {
    requireOpen(slip);
    if (action.categoryId === slip.categoryId) throw invalid(`Slip #${slip.id} is already in that category.`);
    next.categoryId = action.categoryId;
    next.severity = action.advice.severity;
    next.advice = action.advice;
    log({ kind: 'recategorized', note: action.note });
  },
  edit: (_slip, next, action, log) => {
    next.text = action.text;
    log({ kind: 'edited' });
  },
  delivery_failed: (_slip, _next, action, log) => {
    log({ kind: 'delivery_failed', note: action.note });
  },
};

/**
 * Applies one action to a slip and returns the new slip (the input is not changed). Illegal moves throw an
 * INVALID_TRANSITION error whose message a staff member can act on.
 */
export function applyAction(slip: Slip, action: SlipAction, by: string, at: number): Slip {
  const next: Slip = { ...slip, timeline: [...slip.timeline], updatedAt: at };
  const log: Log = (entry) => next.timeline.push({ at, by, ...entry });
  (HANDLERS[action.kind] as Handler<typeof action.kind>)(slip, next, action as never, log);
  return next;
}

function cancelFollowUp(slip: Slip, log: Log): void {
  if (slip.followUp?.status !== 'scheduled') return;
  slip.followUp = { ...slip.followUp, status: 'cancelled' };
  log({ kind: 'followup_cancelled' });
}

function requireOpen(slip: Slip): void {
  if (!isOpen(slip)) throw invalid(`Slip #${slip.id} is ${slip.status}; reopen it first.`);
}

function requireScheduled(slip: Slip): void {
  requireOpen(slip);
  if (slip.followUp?.status !== 'scheduled') throw invalid(`Slip #${slip.id} has no follow-up scheduled.`);
}

function stepError(slip: Slip, step: string, first: string): AppError {
  const done = { acknowledge: 'acknowledged', correct: 'corrected', connect: 'connected' }[step]!;
  const order = ['open', 'acknowledged', 'corrected', 'connected'];
  if (order.indexOf(slip.status) >= order.indexOf(done)) return invalid(`Slip #${slip.id} is already ${done}.`);
  return invalid(first || `Slip #${slip.id} can't be ${done} now.`);
}

function invalid(message: string): AppError {
  return new AppError('INVALID_TRANSITION', message);
}
