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

/**
 * The fixed mapping from the MAMS aspect categories to playbook categories. An aspect maps to every playbook category
 * a guest's complaint about it plausibly belongs to: the dataset labels what the guest talked about, the playbook
 * labels what the staff should do, and those are not one-to-one. The evaluation scores a review sentence's category
 * right when it is in the union of its negative aspects' categories, and training uses the same union as a partial
 * label. Fixed before looking at per-sentence results, and never tuned to individual sentences.
 */
export const ASPECT_CATEGORIES: Record<string, string[]> = {
  // the dish or drink itself: its quality; a wrong dish is also a food complaint
  food: ['food_quality', 'wrong_order'],
  // "service" in reviews is mostly speed and attention: slow, forgotten, or rude
  service: ['long_wait', 'rude_staff', 'wrong_order'],
  // the people: attitude and attention
  staff: ['rude_staff', 'long_wait'],
  // price and the bill
  price: ['billing'],
  // noise, music, decor, temperature, cleanliness of the room
  ambience: ['noise', 'room_problem'],
  // what is (not) on the menu, portions promised
  menu: ['out_of_stock', 'food_quality', 'policy'],
  // the premises and seating, the booking to get in
  place: ['room_problem', 'noise', 'booking'],
  // anything else: only the catch-all category counts
  miscellaneous: ['other'],
};

/** The playbook categories that would be right for a review sentence's negative aspects (MAMS `labels`). */
export function acceptableCategories(labels: unknown): Set<string> {
  const accepted = new Set<string>();
  const aspects = (labels as { aspect_categories?: Array<{ category: string; polarity: string }> } | undefined)
    ?.aspect_categories;
  for (const aspect of aspects ?? [])
    if (aspect.polarity === 'negative') for (const c of ASPECT_CATEGORIES[aspect.category] ?? []) accepted.add(c);
  return accepted;
}
