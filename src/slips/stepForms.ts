import { SEVERITIES, type Severity } from '../playbook/schema';
import type { SlipAction } from './lifecycle';
import type { ReportOptions } from './reportInput';

/**
 * A step's form, as any platform collected it (Slack modal, Teams inline card), turned into the slip action, or
 * the field that is wrong and why. One set of rules, so Slack and Teams refuse the same answers with the same words.
 */
export type StepForm = { action: SlipAction } | { field: string; error: string };

/** "Corrected…": what was done, the gesture, and its cost (blank means none). */
export function correctForm(form: { fix?: unknown; gesture?: unknown; cost?: unknown }): StepForm {
  const cost = filled(form.cost) === undefined ? 0 : Number(form.cost);
  if (!Number.isFinite(cost) || cost < 0) return { field: 'cost', error: 'Enter a cost of 0 or more.' };
  const gesture = filled(form.gesture);
  const fix = filled(form.fix);
  if (cost > 0 && !gesture && !fix) return { field: 'gesture', error: 'Say what the cost was for.' };
  return { action: { kind: 'correct', gesture, cost: cost || undefined, note: fix } };
}

/** "Schedule follow-up…": when (epoch ms, NaN when the picker gave nothing usable) and what was promised. */
export function followUpForm(form: { dueAt: number; promise?: unknown }, now: number): StepForm {
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
