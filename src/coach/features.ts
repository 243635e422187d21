import { findGuestRef } from './guestRef';
import { GUEST_WORDS } from './lexicon';
import { figurativeWords } from './phrases';
import { spanishGloss } from './spanish';
import type { ReadText, Token } from './tokenizer';
import type { WordVectors } from './wordVectors';

/**
 * What the learned model sees of one message: named sparse features (words, word pairs, letter n-grams, number
 * shapes, lexicon sentiment, the rules' verdict) and one dense vector (the mean word vector of its content words).
 * Names, not hashes, so a card can say which words pointed where.
 */
export interface Features {
  /** Words said in another sense, left unread ("slipped" in "slipped my mind"); the n-gram view leaves them too. */
  figurative?: ReadonlySet<string>;
  /** Feature name → value (mostly 1). */
  sparse: Map<string, number>;
  /** Mean of the content words' unit vectors, itself unit length (or all zeros when no word is known). */
  dense: Float32Array;
  /**
   * How `dense` was made, for readers that project each word once and remember it (slipModel.ts, prototypes.ts):
   * the word-vector rows summed and the length of their sum. `dense` is their sum divided by `norm`.
   */
  denseWords?: { rows: Int32Array; norm: number };
  /** Surface word behind each word feature, for explanations ("w:wilt" → "wilted"). */
  words: Map<string, string>;
}

/** What the rules engine concluded, fed to the model as evidence (it may learn how far to trust it). */
export interface RuleSignals {
  /** Best category score from playbook triggers and word pairs, 0..1. */
  best: number;
  upset: boolean;
  /** Problem words the message negates. */
  negated: number;
  /** Highest severity the playbook's severity phrases raised, if any. */
  severity?: 'low' | 'medium' | 'high' | 'critical';
  /** Whether the message names a guest (findGuestRef), when the rules already looked: it is not cheap. */
  hasGuestRef?: boolean;
}

const LETTER_GRAM = 3;

/**
 * Words too common to say anything in a mean vector, English and Spanish. The English vectors know "la", "una" or
 * "muy" only from names and loanwords, so a Spanish line's function words pulled its mean towards whatever the few
 * Spanish training lines were about ("la mesa 3 lleva una hora esperando…" read as a safety matter).
 */
const STOPWORDS = new Set(
  [
    'a an the and or but of to in on at for with by from as is are was were be been being it its this that these those',
    'i we you he she they me us him her them my our your his their there here so then than just also do does did have',
    'has had will would can could should may might must',
    'el la los las un una unos unas de del al y o que en es esta está están son se lo le les mi mis su sus con por',
    'para muy ya pero como mas más',
  ]
    .join(' ')
    .split(' '),
);

const MINUTE_UNITS = new Set(['minutes', 'minute', 'min', 'mins', 'm', 'mns']);
const HOUR_UNITS = new Set(['hour', 'hours', 'hr', 'hrs', 'h']);
const TIMES_WORDS = new Set(['times', 'x', 'time']);
/** Kitchen shorthand for how meat is cooked: two of these in one message is usually a temperature mix-up. */
const TEMP_CODES = new Set(['r', 'mr', 'm', 'mw', 'w', 'wd', 'bl', 'blue', 'rare', 'medium', 'well', 'pink']);

export function extractFeatures(
  read: ReadText,
  text: string,
  options: { vectors?: WordVectors; rules?: RuleSignals } = {},
): Features {
  const sparse = new Map<string, number>();
  const add = (name: string, value = 1) => sparse.set(name, (sparse.get(name) ?? 0) + value);
  // a verb said in another sense ("slipped my mind", "fell through") is not read at all: its own sense is an injury
  const figurative = figurativeWords(read.tokens);
  const tokens = figurative ? read.tokens.filter((t) => !figurative.has(t.normal)) : read.tokens;
  const words = addWords(tokens, add);
  const mean = options.vectors ? meanVector(tokens, options.vectors) : undefined;
  addShapes(tokens, text, add, options.rules?.hasGuestRef);
  addSentiment(read.sentiment, add);
  if (options.rules) addRules(options.rules, add);
  return {
    sparse,
    dense: mean?.dense ?? new Float32Array(0),
    words,
    ...(mean && mean.rows.length > 0 ? { denseWords: { rows: mean.rows, norm: mean.norm } } : {}),
    ...(figurative ? { figurative } : {}),
  };
}

/** The lemma a token stands for: its English meaning for a Spanish service word, `#` for any number. */
function lemmaOf(token: Token): string {
  return token.isNumber ? '#' : (spanishGloss(token.normal) ?? token.lemma);
}

/** Words (marked inside a negation), word pairs, letter n-grams and marks; returns each word feature's surface form. */
function addWords(tokens: Token[], add: (name: string) => void): Map<string, string> {
  const words = new Map<string, string>();
  let previous: string | undefined;
  for (const token of tokens) {
    if (token.isPunctuation) {
      if (token.normal === '!' || token.normal === '?') add(`mark:${token.normal}`);
      previous = undefined;
      continue;
    }
    const lemma = lemmaOf(token);
    const negated = token.negated ? '!' : '';
    const name = `w:${negated}${lemma}`;
    add(name);
    words.set(name, token.normal);
    if (previous) add(`b:${previous}_${lemma}`);
    previous = lemma;
    if (!token.isNumber) for (const gram of letterGramsOf(token.normal, negated)) add(gram);
  }
  return words;
}

/**
 * The mean of the unit vectors of the distinct content words said without negation, itself unit length. Each word
 * counts once: a slip followed by one token pasted a few hundred times ("<@U1|<@U1|…") is still about the slip.
 */
function meanVector(tokens: Token[], vectors: WordVectors): { dense: Float32Array; rows: Int32Array; norm: number } {
  const dense = new Float32Array(vectors.dimensions);
  const seen = new Set<string>();
  const rows: number[] = [];
  for (const token of tokens) {
    const lemma = lemmaOf(token);
    if (token.isPunctuation || token.isNumber || token.negated || STOPWORDS.has(lemma) || seen.has(lemma)) continue;
    seen.add(lemma);
    const row = vectors.rowOf(lemma) ?? vectors.rowOf(token.normal);
    if (row === undefined) continue;
    vectors.addRow(dense, row);
    rows.push(row);
  }
  const norm = rows.length > 0 ? normalize(dense) : 0;
  return { dense, rows: Int32Array.from(rows), norm };
}

/**
 * Letter 3-grams of a word with its edges marked: typos, plurals, shorthand and Spanish endings share them. Inside a
 * negation they are marked too, or "not cold" would read like "cold" letter by letter. Longer grams were dropped by
 * measurement (a message's features are mostly letter n-grams, each one a lookup): 5-grams, cross-validated staff F1
 * 0.881 → 0.881, MAMS F1 0.825 → 0.827, detection about a third faster; then 4-grams, staff F1 0.917 → 0.916,
 * category 84.7% → 84.5%, MAMS F1 0.820 → 0.817 (all within the ±0.005 a training seed moves them), 10–15% faster.
 *
 * Remembered per word: the same words come back in message after message, and making the names (a slice and a
 * concatenation each) was a tenth of detection's time. Bounded: cleared when full.
 */
const LETTER_GRAMS = new Map<string, readonly string[]>();
const LETTER_GRAMS_KEPT = 20_000;
const NO_GRAMS: readonly string[] = [];

function letterGramsOf(word: string, negated: string): readonly string[] {
  if (word.length < 3 || word.length > 30) return NO_GRAMS;
  const key = negated + word;
  let grams = LETTER_GRAMS.get(key);
  if (grams) return grams;
  if (!/\p{L}/u.test(word)) grams = NO_GRAMS;
  else {
    const made: string[] = [];
    const padded = `<${word}>`;
    for (let i = 0; i + LETTER_GRAM <= padded.length; i++) made.push(`c:${negated}${padded.slice(i, i + LETTER_GRAM)}`);
    grams = made;
  }
  if (LETTER_GRAMS.size >= LETTER_GRAMS_KEPT) LETTER_GRAMS.clear();
  LETTER_GRAMS.set(key, grams);
  return grams;
}

/** Numbers with units (a wait told as minutes, a request told as a count), guests, shouting, kitchen codes. */
function addShapes(
  tokens: Token[],
  text: string,
  add: (name: string, value?: number) => void,
  hasGuestRef = findGuestRef(text) !== undefined,
): void {
  let tempCodes = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1]?.normal;
    if (TEMP_CODES.has(token.normal)) tempCodes++;
    const value = token.isNumber ? Number.parseFloat(token.normal) : Number.NaN;
    if (Number.isFinite(value) && next) {
      if (MINUTE_UNITS.has(next)) add(`wait:${bucket(value, [10, 20, 45])}`);
      else if (HOUR_UNITS.has(next)) add(`wait:${bucket(value * 60, [10, 20, 45])}`);
      else if (TIMES_WORDS.has(next) && value >= 2) add('asked:times');
    }
    if (token.normal === 'twice') add('asked:times');
    if (GUEST_WORDS.has(token.normal)) add('guest:word');
  }
  if (tempCodes >= 2) add('shape:temp-codes');
  if (hasGuestRef) add('guest:ref');
  if (/\b[A-Z]{3,}\b/.test(text.replace(/\b(?:VIP|DND|ETA|FYI|FOH|BOH|POS|ASAP|OOO|AC|TV|MOD|GM|AM|PM)\b/g, '')))
    add('shape:shouting');
  add(`len:${bucket(tokens.length, [6, 15, 40])}`);
}

function addSentiment(sentiment: number, add: (name: string, value?: number) => void): void {
  add('sent', sentiment);
  if (sentiment <= -0.3) add('sent:very-negative');
  else if (sentiment < -0.05) add('sent:negative');
  else if (sentiment >= 0.3) add('sent:very-positive');
  else if (sentiment > 0.05) add('sent:positive');
}

function addRules(rules: RuleSignals, add: (name: string, value?: number) => void): void {
  add('rule:best', rules.best);
  if (rules.best >= 0.6) add('rule:slip');
  if (rules.upset) add('rule:upset');
  if (rules.negated > 0) add(rules.best === 0 ? 'rule:only-negated' : 'rule:some-negated');
  if (rules.severity === 'critical' || rules.severity === 'high') add(`rule:${rules.severity}`);
}

function bucket(value: number, edges: number[]): string {
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i++;
  return i === 0 ? `<${edges[0]}` : `${edges[i - 1]}+`;
}

/** Scales the vector to unit length; returns the length it had. */
function normalize(vector: Float32Array): number {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d]! * vector[d]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return norm;
}

/** Cosine of two unit vectors (0 when either is empty). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  for (let d = 0; d < a.length; d++) dot += a[d]! * b[d]!;
  return dot;
}
