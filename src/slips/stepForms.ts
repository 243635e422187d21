import { AppError } from '../errors';
import { type Playbook, SEVERITIES, type Severity } from '../playbook/schema';
import type { SlipAction } from './lifecycle';
import type { ReportOptions } from './reportInput';
import type { Slip } from './slip';

/**
 * A step's form, as any platform collected it (Slack modal, Teams inline card), turned into the slip action, or
 * the field that is wrong and why. One set of rules, so Slack and Teams refuse the same answers with the same words.
 */
export type StepForm = { action: SlipAction } | { field: string; error: string };

/**
 * The longest answer each form field takes, on every platform: the forms show these limits, and the server
 * enforces them, so a crafted submission cannot store a 900 KB promise.
 */
export const FORM_LIMITS = { fix: 500, gesture: 200, promise: 300, text: 3000, guest: 80, category: 100 } as const;

/** The first field over its limit, as a field error. */
function overLimit(form: Record<string, unknown>): { field: string; error: string } | undefined {
  for (const [field, max] of Object.entries(FORM_LIMITS)) {
    const value = form[field];
    if (typeof value === 'string' && value.length > max) return { field, error: `Keep it under ${max} characters.` };
  }
  return undefined;
}

/** "Corrected…": what was done, the gesture, and its cost (blank means none). */
export function correctForm(form: { fix?: unknown; gesture?: unknown; cost?: unknown }): StepForm {
  const tooLong = overLimit(form);
  if (tooLong) return tooLong;
  const cost = filled(form.cost) === undefined ? 0 : Number(form.cost);
  if (!Number.isFinite(cost) || cost < 0) return { field: 'cost', error: 'Enter a cost of 0 or more.' };
  const gesture = filled(form.gesture);
  const fix = filled(form.fix);
  if (cost > 0 && !gesture && !fix) return { field: 'gesture', error: 'Say what the cost was for.' };
  return { action: { kind: 'correct', gesture, cost: cost || undefined, note: fix, picked: true } };
}

/**
 * A gesture chosen from a form's list must be one the playbook has for the slip's category: a crafted submission
 * cannot record "<!here> Free everything" at a cost of 5.
 */
export function checkPickedGesture(playbook: Playbook, slip: Slip, gesture: string | undefined): void {
  if (!gesture) return;
  const category = playbook.categories.find((c) => c.id === slip.categoryId);
  const known = new Set([
    ...(category?.gestures.map((g) => g.label) ?? []),
    ...slip.advice.gestures.map((g) => g.label),
    ...slip.advice.needsApproval.map((g) => g.label),
  ]);
  if (!known.has(gesture))
    throw new AppError('BAD_INPUT', 'Pick a gesture from the list.', { details: { field: 'gesture' } });
}

/** "Schedule follow-up…": when (epoch ms, NaN when the picker gave nothing usable) and what was promised. */
export function followUpForm(form: { dueAt: number; promise?: unknown }, now: number): StepForm {
  const tooLong = overLimit(form);
  if (tooLong) return tooLong;
  if (!Number.isFinite(form.dueAt) || form.dueAt <= 0) return { field: 'due', error: 'Pick a day and a time.' };
  // a minute's grace: the picker's own "now" may be a little behind the server's
  if (form.dueAt < now - 60_000) return { field: 'due', error: 'Pick a time in the future.' };
  return { action: { kind: 'schedule_followup', dueAt: form.dueAt, promise: filled(form.promise) } };
}

/** The "/recover" form (Slack's modal, Teams' "Recover from this message"): what happened, and what the form says. */
export function readRecoverForm(form: {
  text?: unknown;
  guest?: unknown;
  category?: unknown;
  severity?: unknown;
}): { text: string; options: ReportOptions } | { field: string; error: string } {
  const tooLong = overLimit(form);
  if (tooLong) return tooLong;
  const text = filled(form.text);
  if (!text) return { field: 'text', error: 'Tell me what happened.' };
  const severity = filled(form.severity);
  if (severity && !SEVERITIES.includes(severity as Severity))
    return { field: 'severity', error: 'Pick a severity from the list.' };
  return {
    text,
    options: {
      force: true,
      categoryId: filled(form.category),
      severity: severity as Severity | undefined,
      guestRef: filled(form.guest),
    },
  };
}

/** A form value with something in it, trimmed; undefined for blanks and non-text. */
export function filled(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
