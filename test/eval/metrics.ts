import type { LabelledMessage } from '../../src/coach/training/corpus';
import type { Prediction } from './crossValidation';

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Right category, of the slips caught (undefined when the classifier names no category). */
  categoryAccuracy?: number;
}

/** Slip precision, recall and F1, and category accuracy on the slips caught. */
export function scoreDetection(
  rows: Array<{ message: LabelledMessage; prediction: Prediction }>,
  categoryRight: (message: LabelledMessage, category: string | undefined) => boolean | undefined,
): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let right = 0;
  let judged = 0;
  for (const { message, prediction } of rows) {
    if (prediction.isSlip && message.isSlip) {
      tp++;
      const ok = prediction.category === undefined ? undefined : categoryRight(message, prediction.category);
      if (ok !== undefined) {
        judged++;
        if (ok) right++;
      }
    } else if (prediction.isSlip) fp++;
    else if (message.isSlip) fn++;
    else tn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn, tn, categoryAccuracy: judged > 0 ? right / judged : undefined };
}

export const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

export function table(rows: Array<[string, Scores, string?]>): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['classifier', 'precision', 'recall', 'F1', 'category', 'tp / fp / fn / tn', 'note']),
    line(['---', '---', '---', '---', '---', '---', '---']),
    ...rows.map(([name, s, note]) =>
      line([
        name,
        pct(s.precision),
        pct(s.recall),
        s.f1.toFixed(3),
        pct(s.categoryAccuracy),
        `${s.tp} / ${s.fp} / ${s.fn} / ${s.tn}`,
        note ?? '',
      ]),
    ),
  ].join('\n');
}
