import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Playbook } from '../../playbook/schema';
import { OWN_EXAMPLES } from './ownExamples';

/** One labelled message for training or evaluation. */
export interface LabelledMessage {
  text: string;
  isSlip: boolean;
  /** Default-playbook category id, for slips whose category is known. */
  category?: string;
  severity?: 'low' | 'medium' | 'high' | 'critical';
  source: 'staff' | 'mams' | 'playbook' | 'own';
  /** MAMS only: the sentence's aspect labels, for category scoring. */
  labels?: unknown;
}

/** The staff corpus names some categories differently from the default playbook. */
export const STAFF_CATEGORY_IDS: Record<string, string> = {
  billing_error: 'billing',
  staff_attitude: 'rude_staff',
  reservation_failure: 'booking',
  safety_health: 'safety',
  policy_misunderstanding: 'policy',
};

/** Where the shared third-party data lives, beside the repository. */
export function sharedDataDir(): string {
  return process.env.RECOVERY_COACH_DATA ?? resolve(__dirname, '../../../../shared/data');
}

function readJsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The 1,000 labelled staff messages (read from ../shared/data, never copied into the repository). */
export function staffCorpus(dir = sharedDataDir()): LabelledMessage[] {
  const path = resolve(dir, 'staff/train.jsonl');
  if (!existsSync(path)) return [];
  return readJsonl(path).map((row) => {
    const category = typeof row.category === 'string' ? row.category : undefined;
    return {
      text: String(row.text),
      isSlip: row.is_slip === true,
      category: category ? (STAFF_CATEGORY_IDS[category] ?? category) : undefined,
      severity: (row.severity ?? undefined) as LabelledMessage['severity'],
      source: 'staff',
    };
  });
}

/** MAMS restaurant-review sentences: a sentence with a negative aspect is a complaint (Apache-2.0). */
export function mamsCorpus(dir = sharedDataDir()): LabelledMessage[] {
  const path = resolve(dir, 'eval/mams-dev.jsonl');
  if (!existsSync(path)) return [];
  return readJsonl(path).map((row) => ({
    text: String(row.text),
    isSlip: row.has_negative === true,
    source: 'mams',
    labels: row.labels,
  }));
}

/** Every active category's example messages: slips of that category by definition. */
export function playbookExamples(playbook: Playbook): LabelledMessage[] {
  return playbook.categories
    .filter((c) => !c.retired && !c.fallback)
    .flatMap((c) => c.examples.map((text) => ({ text, isSlip: true, category: c.id, source: 'playbook' as const })));
}

/** The project's own written examples (src/coach/training/ownExamples.ts). */
export function ownExamples(): LabelledMessage[] {
  return OWN_EXAMPLES.map(([text, category, severity]) => ({
    text,
    isSlip: category !== null,
    category: category ?? undefined,
    severity: severity ?? undefined,
    source: 'own',
  }));
}
