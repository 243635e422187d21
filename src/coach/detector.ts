import { activeCategories, type Category, maxSeverity, type Playbook, type Severity } from '../playbook/schema';
import type { GuestRef } from './guestRef';
import { type MessageReading, readMessage } from './messageReading';
import { Prototypes } from './prototypes';
import { RulesDetector } from './rulesDetector';
import { type Encoded, type SlipModel, sharedSlipModel } from './slipModel';
import { sharedTokenizer, type Tokenizer } from './tokenizer';
import { softmaxInPlace } from './training/softmax';
import type { BaseReading, VenueLayer } from './venueLayer';

/** What the detector concluded about one message. */
export interface Detection {
  isSlip: boolean;
  /** The playbook category id, when it is a slip. */
  categoryId: string | undefined;
  /** 0..1: how sure the detector is that this is a slip. */
  confidence: number;
  severity: Severity;
  guestRef: GuestRef | undefined;
  /** Why, in words a manager can check ("words: "wilted", "sent back"", "trigger "wrong order"", "upset: annoyed"). */
  reasons: string[];
  /** The best categories considered, best first, with the detector's probability for each. */
  candidates: Array<{ categoryId: string; score: number }>;
}

export type MatchTag =
  | { role: 'trigger' | 'subject' | 'cue' | 'hint'; category: string }
  | { role: 'upset' | 'problem' }
  | { role: 'severity'; level: Severity; category?: string };

export interface DetectorOptions {
  /** @defaultValue the shared wink-nlp tokenizer */
  tokenizer?: Tokenizer;
  /** Minimum slip probability; overrides the model's own. */
  threshold?: number;
  /** @defaultValue the shipped model (models/), loaded once */
  model?: SlipModel;
  /** What this venue taught the detector (its corrections and hand-logged slips). */
  venue?: VenueLayer;
  /**
   * Answer the playbook's own example messages as written (they are labelled by the manager). Off for the examples
   * check, which asks whether the detector would recognise them unaided. @defaultValue true
   */
  examplesAreKnown?: boolean;
}

/** A slip the model is less sure of still gets a card when it looks like a safety matter: missing one is worst. */
const SAFETY_FLOOR = 0.25;
/** …or when the playbook's own trigger phrases name it outright (a manager's words are a strong second opinion). */
const TRIGGER_FLOOR = 0;
/** Words in a message short enough for the rules to decide when the model doubts it. */
const SHORT_MESSAGE = 8;
/** How sure the model must be to call stock talk a slip when no guest shows. */
const GUEST_OVERRIDE = 0.8;
/** How sure the model must be to overrule the rules' reading that every problem word was negated. */
const NEGATED_OVERRIDE = 0.9;
/** A category this likely is not overruled by the rules' safety or property trigger. */
const SURE_CATEGORY = 0.8;
/** Below this, the model's best category is a guess; an upset guest with nothing named goes to the catch-all. */
const FALLBACK_BELOW = 0.5;

/**
 * Decides whether a staff message describes a service slip, which category, and how severe: a trained model over the
 * message's words, letter n-grams, word vectors and the playbook rules' verdict, plus similarity to each category's
 * example messages (so a manager's new category works without retraining), plus the venue's own layer. Compiled once
 * per playbook version (and venue layer); `detect` is pure and synchronous.
 */
export class Detector {
  readonly threshold: number;
  private readonly categories: Category[];
  private readonly scored: Category[];
  private readonly fallback: Category | undefined;
  private readonly tokenizer: Tokenizer;
  private readonly rules: RulesDetector;
  private readonly model: SlipModel;
  private readonly prototypes = new Prototypes();
  private readonly venue: VenueLayer | undefined;
  /** Messages whose answer a person wrote down: the playbook's examples and the venue's corrections. */
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly playbook: Playbook,
    options: DetectorOptions = {},
  ) {
    this.model = options.model ?? sharedSlipModel();
    this.threshold = options.threshold ?? this.model.file.threshold;
    this.categories = activeCategories(playbook);
    this.fallback = this.categories.find((c) => c.fallback);
    this.scored = this.categories.filter((c) => !c.fallback);
    this.tokenizer = options.tokenizer ?? sharedTokenizer();
    this.rules = new RulesDetector(playbook, { tokenizer: this.tokenizer });
    this.venue = options.venue;
    for (const category of this.scored) {
      for (const example of [category.description, ...category.examples])
        this.prototypes.add(category.id, this.read(example).features.dense);
      if (options.examplesAreKnown !== false)
        for (const example of category.examples) this.known.set(sameText(example), category.id);
    }
    // the catch-all is defined by the absence of anything specific, so its examples cannot be recognised by their
    // content: they are always answered as written, in the examples check too
    for (const example of this.fallback?.examples ?? []) this.known.set(sameText(example), this.fallback!.id);
    for (const example of this.venue?.examples ?? []) {
      if (example.categoryId) this.prototypes.add(example.categoryId, Float32Array.from(example.vector));
      const active = example.categoryId && this.scored.some((c) => c.id === example.categoryId);
      this.known.set(sameText(example.text), active ? example.categoryId! : null);
    }
  }

  detect(text: string): Detection {
    const reading = this.read(text);
    const encoded = this.model.encode(reading.features);
    const slipLogit = this.model.slipLogit(encoded) + (this.venue?.slipLogit(encoded) ?? 0);
    const probability = 1 / (1 + Math.exp(-slipLogit));
    const ranked = this.rankCategories(reading, encoded);
    const taught = this.known.get(sameText(text));
    if (taught === null) return this.quiet(reading, ranked, probability, 'taught by this venue: not a slip');
    const telegraphic = this.rulesDecideShort(reading, probability);
    const best = taught
      ? { categoryId: taught, score: 1 }
      : telegraphic
        ? { categoryId: reading.rules.detection.categoryId!, score: reading.rules.detection.confidence }
        : this.managerOwnedByRules(reading, ranked);
    const category = best ? this.categories.find((c) => c.id === best.categoryId) : this.fallback;
    const safetyLike = category?.owner === 'manager' && (best?.score ?? 0) >= 0.5;
    const named = reading.rules.detection.isSlip && reading.rules.detection.confidence >= 0.9;
    const isSlip =
      category !== undefined &&
      !this.stockTalk(category, reading, probability) &&
      !this.negatedOnly(reading, probability) &&
      (probability >= this.threshold ||
        taught !== undefined ||
        telegraphic ||
        (safetyLike && probability >= SAFETY_FLOOR) ||
        (named && probability >= TRIGGER_FLOOR));
    const reasons = isSlip ? this.reasonsFor(reading, encoded, probability, category!) : [];
    return {
      isSlip,
      categoryId: isSlip ? category!.id : undefined,
      confidence: round(probability),
      // when the rules decided (telegraphic shorthand), they also say how severe: the severity head learned from
      // narrative messages too
      severity: !isSlip
        ? 'low'
        : telegraphic
          ? reading.rules.detection.severity
          : this.severityOf(category!, encoded, reading, reasons),
      guestRef: reading.rules.detection.guestRef,
      reasons,
      candidates: ranked.slice(0, 3).map((c) => ({ categoryId: c.categoryId, score: round(c.score) })),
    };
  }

  /**
   * Telegraphic shift shorthand ("T3 fries are cold", "T2 wrong wine") is rare in the narrative messages the model
   * learned from, and it is exactly what the playbook's trigger phrases describe: for a message of a few words that
   * the model doubts, the rules' reading decides.
   */
  private rulesDecideShort(reading: MessageReading, probability: number): boolean {
    const rules = reading.rules.detection;
    if (probability >= this.threshold || !rules.isSlip || rules.categoryId === undefined) return false;
    const words = reading.read.tokens.filter((t) => !t.isPunctuation).length;
    // an upset word alone (the rules' catch-all) names nothing: that is the model's call
    return words <= SHORT_MESSAGE && this.scored.some((c) => c.id === rules.categoryId);
  }

  /**
   * A category the playbook marks `requiresGuest` ("ran out of limes") is stock talk until the message shows a guest;
   * only a model that is quite sure overrides the playbook's rule.
   */
  private stockTalk(category: Category, reading: MessageReading, probability: number): boolean {
    if (!category.requiresGuest || probability >= GUEST_OVERRIDE) return false;
    const sparse = reading.features.sparse;
    return !sparse.has('guest:ref') && !sparse.has('guest:word') && !reading.rules.upset;
  }

  /**
   * The rules saw problem words and every one of them negated ("the steak was not cold and the server was not
   * rude"), and nothing else: praise in the shape of a complaint. Only a model that is nearly certain overrides it.
   */
  private negatedOnly(reading: MessageReading, probability: number): boolean {
    const rules = reading.rules;
    return rules.negated > 0 && rules.scores.size === 0 && !rules.upset && probability < NEGATED_OVERRIDE;
  }

  private quiet(
    reading: MessageReading,
    ranked: Array<{ categoryId: string; score: number }>,
    probability: number,
    reason: string,
  ): Detection {
    return {
      isSlip: false,
      categoryId: undefined,
      confidence: round(probability),
      severity: 'low',
      guestRef: reading.rules.detection.guestRef,
      reasons: [reason],
      candidates: ranked.slice(0, 3).map((c) => ({ categoryId: c.categoryId, score: round(c.score) })),
    };
  }

  /**
   * Safety and property are manager-owned procedures: when the playbook's own trigger phrases name one outright
   * ("fell and hit his head", "food poisoning"), that category wins over the model's pick. A missed safety slip is
   * the worst error this product can make; a safety card on a near miss costs a manager a look.
   */
  private managerOwnedByRules(
    reading: MessageReading,
    ranked: Array<{ categoryId: string; score: number }>,
  ): { categoryId: string; score: number } | undefined {
    const rules = reading.rules.detection;
    // only an upset guest and nothing that names what went wrong: the catch-all, unless the model is fairly sure
    if (rules.isSlip && rules.categoryId === this.fallback?.id && (ranked[0]?.score ?? 0) < FALLBACK_BELOW)
      return { categoryId: this.fallback!.id, score: 1 - (ranked[0]?.score ?? 0) };
    const named =
      rules.isSlip && rules.confidence >= 0.9 ? this.scored.find((c) => c.id === rules.categoryId) : undefined;
    if (named?.owner === 'manager' && ranked[0]?.categoryId !== named.id && (ranked[0]?.score ?? 0) < SURE_CATEGORY)
      return { categoryId: named.id, score: 0.9 };
    return ranked[0];
  }

  /** Category ids this detector can answer (active, not the catch-all), in the order a venue layer learns them. */
  get categoryIds(): string[] {
    return this.scored.map((c) => c.id);
  }

  get modelVersion(): string {
    return this.model.version;
  }

  /** What this detector (without any venue layer) makes of a message: what a venue layer learns to correct. */
  baseReading(text: string): BaseReading {
    const reading = this.read(text);
    const encoded = this.model.encode(reading.features);
    const trained = this.model.categoryLogits(encoded);
    return {
      encoded,
      slipLogit: this.model.slipLogit(encoded),
      categoryLogits: this.scored.map(
        (c) =>
          (trained.get(c.id) ?? this.model.newCategoryBias) +
          this.model.genericLogit({
            rule: reading.rules.scores.get(c.id) ?? 0,
            ...this.prototypes.evidence(c.id, reading.features.dense),
          }),
      ),
      vector: reading.features.dense,
    };
  }

  /** The playbook this detector was compiled from. */
  get source(): Playbook {
    return this.playbook;
  }

  private read(text: string): MessageReading {
    return readMessage(text, { tokenizer: this.tokenizer, rules: this.rules, vectors: this.model.vectors });
  }

  /** Probability per active category: trained weights where the model knows it, generic evidence for all. */
  private rankCategories(reading: MessageReading, encoded: Encoded): Array<{ categoryId: string; score: number }> {
    const trained = this.model.categoryLogits(encoded);
    const venue = this.venue?.categoryLogits(encoded);
    const z = this.scored.map((c) => {
      const evidence = {
        rule: reading.rules.scores.get(c.id) ?? 0,
        ...this.prototypes.evidence(c.id, reading.features.dense),
      };
      const known = trained.get(c.id);
      const generic = this.model.genericLogit(evidence, known === undefined);
      return (known ?? this.model.newCategoryBias) + generic + (venue?.get(c.id) ?? 0);
    });
    softmaxInPlace(z);
    return this.scored.map((c, i) => ({ categoryId: c.id, score: z[i]! })).sort((a, b) => b.score - a.score);
  }

  /** The severity head's reading, raised (never lowered) by the playbook's severity phrases for this category. */
  private severityOf(category: Category, encoded: Encoded, reading: MessageReading, reasons: string[]): Severity {
    let severity: Severity = 'low';
    let best = -1;
    for (const [level, p] of this.model.severity(encoded))
      if (p > best) {
        best = p;
        severity = level;
      }
    // the model may say critical only for a manager-owned category (health, safety, property); elsewhere critical
    // comes from the playbook's own severity phrases, so managers are not paged for a cold steak
    if (severity === 'critical' && category.owner !== 'manager') severity = 'high';
    // …and a manager-owned category never drops below its playbook default (a safety slip is at least high)
    if (category.owner === 'manager') severity = maxSeverity(severity, category.severity.default);
    for (const hit of reading.rules.severityHits) {
      if (hit.category !== undefined && hit.category !== category.id) continue;
      const raised = maxSeverity(severity, hit.level);
      if (raised !== severity) reasons.push(`${hit.level}: "${hit.text}"`);
      severity = raised;
    }
    return severity;
  }

  private reasonsFor(reading: MessageReading, encoded: Encoded, probability: number, category: Category): string[] {
    const reasons = [`model: ${Math.round(probability * 100)}% a slip`];
    const words = this.model
      .topContributions('slip', encoded, 1, 6)
      .map((name) => reading.features.words.get(name))
      .filter((w): w is string => w !== undefined);
    if (words.length > 0) reasons.push(`words: "${[...new Set(words)].slice(0, 4).join('", "')}"`);
    reasons.push(...reading.rules.detection.reasons.filter((r) => !r.startsWith('upset') || reading.rules.upset));
    if (this.venue?.examples.some((e) => e.categoryId === category.id)) reasons.push('taught by this venue');
    return [...new Set(reasons)].slice(0, 6);
  }
}

/** Two messages are the same when they differ only in case, spacing and trailing marks. */
function sameText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?…]+$/u, '')
    .trim();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
