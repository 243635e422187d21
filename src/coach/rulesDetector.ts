import { activeCategories, type Category, maxSeverity, type Playbook, type Severity } from '../playbook/schema';
import type { Detection } from './detection';
import { findGuestRef } from './guestRef';
import { normalizeForDetection } from './normalize';
import { PhraseMatcher } from './phrases';
import { scoreCategories } from './scoring';
import { sharedTokenizer, type Token, type Tokenizer } from './tokenizer';

/** What a playbook phrase stands for when it matches. */
export type MatchTag =
  | { role: 'trigger' | 'subject' | 'cue' | 'hint'; category: string }
  | { role: 'upset' | 'problem' }
  | { role: 'severity'; level: Severity; category?: string };

export interface RulesDetectorOptions {
  /** @defaultValue the shared wink-nlp tokenizer */
  tokenizer?: Tokenizer;
  /** Minimum confidence for a slip. @defaultValue 0.6 */
  threshold?: number;
}

/** What the playbook's own words say about a message: the rules' verdict, kept as evidence for the model. */
export interface RuleEvidence {
  detection: Detection;
  /** Score per category with any evidence (0..1). */
  scores: Map<string, number>;
  upset: boolean;
  /** How many problem words the message negates: "not cold and not rude" is praise, not two complaints. */
  negated: number;
  /** The message shows a guest (reference, guest word or upset word). */
  showsGuest: boolean;
  /**
   * Score per category had the message shown a guest: what a `requiresGuest` category's trigger says once something
   * else (the model, a guest writing in the first person) has decided a guest is affected.
   */
  scoresWithGuest: Map<string, number>;
  /** The highest severity the playbook's severity phrases raise, for the category they name (or any). */
  severityHits: Array<{ level: Severity; category?: string; text: string }>;
}

/**
 * The playbook's rules: triggers, subjects with problem words, upset words and severity phrases, as a manager wrote
 * them. On its own it is precise on the phrasings it lists and blind to others; the learned model takes its verdict
 * as one piece of evidence. Compiled once per playbook version; pure and synchronous.
 */
export class RulesDetector {
  readonly threshold: number;
  private readonly matcher: PhraseMatcher<MatchTag>;
  private readonly categories: Category[];
  private readonly fallback: Category | undefined;
  private readonly tokenizer: Tokenizer;

  constructor(
    private readonly playbook: Playbook,
    options: RulesDetectorOptions = {},
  ) {
    this.threshold = options.threshold ?? 0.6;
    this.categories = activeCategories(playbook);
    this.fallback = this.categories.find((c) => c.fallback);
    this.tokenizer = options.tokenizer ?? sharedTokenizer();
    this.matcher = new PhraseMatcher(this.tokenizer, phraseEntries(playbook, this.categories));
  }

  detect(text: string): Detection {
    const normalized = normalizeForDetection(text);
    return this.evidence(normalized, this.tokenizer.tokenize(normalized)).detection;
  }

  /** The rules' reading of an already normalised and tokenised message. */
  evidence(normalized: string, read: Token[]): RuleEvidence {
    const tokens = this.matcher.correct(read);
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
      best = { categoryId: this.fallback.id, score: this.threshold, reasons: [], rank: 0, withGuest: this.threshold };
    }
    if (scored.upset) reasons.push(`upset: "${scored.upsetWords.join('", "')}"`);
    const isSlip = best !== undefined && best.score >= this.threshold;
    const category = isSlip ? this.categories.find((c) => c.id === best!.categoryId) : undefined;
    const severity = category ? this.severityOf(category, scored.severityHits, reasons) : 'low';
    const detection: Detection = {
      isSlip,
      categoryId: category?.id,
      confidence: round(Math.min(1, best?.score ?? 0)),
      severity,
      guestRef,
      reasons: isSlip ? reasons : [],
      candidates: scored.ranked.slice(0, 3).map((c) => ({ categoryId: c.categoryId, score: round(c.score) })),
    };
    return {
      detection,
      scores: new Map(scored.ranked.map((c) => [c.categoryId, c.score])),
      upset: scored.upset,
      negated: scored.negated,
      showsGuest: scored.showsGuest,
      scoresWithGuest: new Map(scored.ranked.map((c) => [c.categoryId, c.withGuest])),
      severityHits: scored.severityHits,
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
