import { activeCategories, type Category, maxSeverity, type Playbook, type Severity } from '../playbook/schema';
import { findGuestRef, type GuestRef } from './guestRef';
import { normalizeForDetection } from './normalize';
import { PhraseMatcher } from './phrases';
import { scoreCategories } from './scoring';
import { sharedTokenizer, type Tokenizer } from './tokenizer';

/** What the detector concluded about one message. */
export interface Detection {
  isSlip: boolean;
  /** The playbook category id, when it is a slip. */
  categoryId: string | undefined;
  /** 0..1; a slip needs at least the detector's threshold. */
  confidence: number;
  severity: Severity;
  guestRef: GuestRef | undefined;
  /** Why, in words a manager can check against the playbook ("trigger "wrong order"", "upset: annoyed"). */
  reasons: string[];
  /** The best categories considered, best first. */
  candidates: Array<{ categoryId: string; score: number }>;
}

export type MatchTag =
  | { role: 'trigger' | 'subject' | 'cue' | 'hint'; category: string }
  | { role: 'upset' | 'problem' }
  | { role: 'severity'; level: Severity; category?: string };

export interface DetectorOptions {
  /** @defaultValue the shared wink-nlp tokenizer */
  tokenizer?: Tokenizer;
  /** Minimum confidence for a slip. @defaultValue 0.6 */
  threshold?: number;
}

/**
 * Decides whether a staff message describes a service slip, and which. Precision first: ordinary shift chatter
 * must stay quiet. Compiled once per playbook version; `detect` is pure and synchronous.
 */
export class Detector {
  readonly threshold: number;
  private readonly matcher: PhraseMatcher<MatchTag>;
  private readonly categories: Category[];
  private readonly fallback: Category | undefined;
  private readonly tokenizer: Tokenizer;

  constructor(
    private readonly playbook: Playbook,
    options: DetectorOptions = {},
  ) {
    this.threshold = options.threshold ?? 0.6;
    this.categories = activeCategories(playbook);
    this.fallback = this.categories.find((c) => c.fallback);
    this.tokenizer = options.tokenizer ?? sharedTokenizer();
    this.matcher = new PhraseMatcher(this.tokenizer, phraseEntries(playbook, this.categories));
  }

  detect(text: string): Detection {
    const normalized = normalizeForDetection(text);
    const tokens = this.matcher.correct(this.tokenizer.tokenize(normalized));
    const guestRef = findGuestRef(normalized);
    const scored = scoreCategories({
      tokens,
      matches: this.matcher.match(tokens),
      categories: this.categories,
      hasGuestRef: guestRef !== undefined,
    });
    let best = scored.ranked[0];
    const reasons = [...(best?.reasons ?? [])];
    if ((!best || best.score < this.threshold) && scored.upset && this.fallback) {
      best = { categoryId: this.fallback.id, score: this.threshold, reasons: [], rank: 0 };
    }
    if (scored.upset) reasons.push(`upset: "${scored.upsetWords.join('", "')}"`);
    const isSlip = best !== undefined && best.score >= this.threshold;
    const category = isSlip ? this.categories.find((c) => c.id === best!.categoryId) : undefined;
    const severity = category ? this.severityOf(category, scored.severityHits, reasons) : 'low';
    return {
      isSlip,
      categoryId: category?.id,
      confidence: round(Math.min(1, best?.score ?? 0)),
      severity,
      guestRef,
      reasons: isSlip ? reasons : [],
      candidates: scored.ranked.slice(0, 3).map((c) => ({ categoryId: c.categoryId, score: round(c.score) })),
    };
  }

  private severityOf(
    category: Category,
    hits: Array<{ level: Severity; category?: string; text: string }>,
    reasons: string[],
  ): Severity {
    let severity = category.severity.default;
    for (const hit of hits) {
      if (hit.category !== undefined && hit.category !== category.id) continue;
      const raised = maxSeverity(severity, hit.level);
      if (raised !== severity) reasons.push(`${hit.level}: "${hit.text}"`);
      severity = raised;
    }
    return severity;
  }

  /** The playbook this detector was compiled from. */
  get source(): Playbook {
    return this.playbook;
  }
}

function* phraseEntries(
  playbook: Playbook,
  categories: Category[],
): Generator<{ text: string; tag: MatchTag; nounOnly?: boolean }> {
  for (const category of categories) {
    for (const text of category.triggers) yield { text, tag: { role: 'trigger', category: category.id } };
    for (const text of category.subjects)
      yield { text, tag: { role: 'subject', category: category.id }, nounOnly: true };
    for (const text of category.cues) yield { text, tag: { role: 'cue', category: category.id } };
    for (const text of category.hints) yield { text, tag: { role: 'hint', category: category.id } };
    for (const rule of category.severity.rules)
      for (const text of rule.when) yield { text, tag: { role: 'severity', level: rule.level, category: category.id } };
  }
  for (const text of playbook.upsetWords) yield { text, tag: { role: 'upset' } };
  for (const text of playbook.problemWords) yield { text, tag: { role: 'problem' } };
  for (const rule of playbook.severityRules)
    for (const text of rule.when) yield { text, tag: { role: 'severity', level: rule.level } };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
