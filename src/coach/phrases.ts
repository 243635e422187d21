import { FIGURATIVE, FIGURATIVE_READ_BY_MODEL, NEGATORS, NUMBER_WORDS, POSSESSIVES, SHORTHAND_WORDS } from './lexicon';
import type { Token, Tokenizer } from './tokenizer';

/**
 * Playbook phrase syntax: words match in order and in any inflection when written in their base form ("wait" also
 * matches "waited"; "waited" matches only "waited"); `*` stands for up to three words, `...` for up to eight
 * (within one sentence) and `#` for a number.
 */
type PhraseToken =
  | { kind: 'word'; normal: string; anyForm: boolean }
  | { kind: 'gap'; max: number }
  | { kind: 'number' };

export interface CompiledPhrase<T> {
  text: string;
  tokens: PhraseToken[];
  /** Things, not actions: only plurals match besides the word itself ("steaks" yes, "checking" no). */
  nounOnly: boolean;
  /** The phrase itself says "not"/"no"/"never", so a negator inside it does not cancel it. */
  negative: boolean;
  tag: T;
}

export interface PhraseMatch<T> {
  phrase: CompiledPhrase<T>;
  start: number;
  /** Exclusive. */
  end: number;
}

const SHORT_GAP = 3;
const LONG_GAP = 8;
const SENTENCE_END = new Set(['.', '!', '?']);
const GAP_KEY = '\u0000gap';
const NUMBER_KEY = '\u0000number';

export class PhraseMatcher<T> {
  private readonly index = new Map<string, CompiledPhrase<T>[]>();
  /** Every word the phrases use, for typo correction. */
  readonly vocabulary = new Set<string>();
  private readonly deletes = new Map<string, string | null>();
  /** Longest vocabulary word: a word two or more letters longer is no typo of any of them. */
  private longest = 0;

  constructor(
    private readonly tokenizer: Tokenizer,
    entries: Iterable<{ text: string; tag: T; nounOnly?: boolean }>,
  ) {
    for (const entry of entries) this.add(entry.text, entry.tag, entry.nounOnly ?? false);
  }

  private add(text: string, tag: T, nounOnly: boolean): void {
    const tokens: PhraseToken[] = [];
    for (const part of text.trim().toLowerCase().split(/\s+/)) {
      if (part === '*') tokens.push({ kind: 'gap', max: SHORT_GAP });
      else if (part === '...' || part === '…') tokens.push({ kind: 'gap', max: LONG_GAP });
      else if (part === '#') tokens.push({ kind: 'number' });
      else
        for (const token of this.tokenizer.tokenize(part)) {
          tokens.push({ kind: 'word', normal: token.normal, anyForm: token.normal === token.lemma });
          this.remember(token.normal);
        }
    }
    if (tokens.length === 0) return;
    const negative = tokens.some((t) => t.kind === 'word' && NEGATORS.has(t.normal));
    const phrase: CompiledPhrase<T> = { text, tokens, negative, nounOnly, tag };
    const first = tokens[0]!;
    const key = first.kind === 'word' ? first.normal : first.kind === 'gap' ? GAP_KEY : NUMBER_KEY;
    const bucket = this.index.get(key);
    if (bucket) bucket.push(phrase);
    else this.index.set(key, [phrase]);
  }

  private remember(word: string): void {
    if (this.vocabulary.has(word) || !/^[a-z]+$/.test(word)) return;
    this.vocabulary.add(word);
    if (word.length < 5) return;
    this.longest = Math.max(this.longest, word.length);
    for (const variant of [word, ...deletions(word)]) {
      const existing = this.deletes.get(variant);
      // Two different words one edit away from the same string: ambiguous, never correct to either.
      this.deletes.set(variant, existing === undefined || existing === word ? word : null);
    }
  }

  /**
   * Fixes likely typos ("overcoked", "recepcionist") in words the English model does not know, towards the
   * playbook's own vocabulary. Known English words are never changed.
   */
  correct(tokens: Token[]): Token[] {
    return tokens.map((token) => {
      if (!token.unknown || token.normal.length < 4 || this.vocabulary.has(token.normal)) return token;
      if (SHORTHAND_WORDS.has(token.normal)) return token;
      // (and a long unbroken word would cost one copy of itself per letter)
      if (token.normal.length > this.longest + 1) return token;
      // a four-letter word is one edit from too many others: only two letters typed the wrong way round ("rdue")
      const fix = token.normal.length === 4 ? this.swapped(token.normal) : this.lookup(token.normal);
      return fix ? { ...token, normal: fix, lemma: fix } : token;
    });
  }

  /** The one playbook word that is `word` with two neighbouring letters swapped, if exactly one is. */
  private swapped(word: string): string | undefined {
    const found = new Set<string>();
    for (let i = 0; i + 1 < word.length; i++) {
      const swap = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (swap !== word && this.vocabulary.has(swap)) found.add(swap);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  private lookup(word: string): string | undefined {
    const found = new Set<string>();
    for (const variant of [word, ...deletions(word)]) {
      const target = this.deletes.get(variant);
      if (target === null) return undefined;
      if (target) found.add(target);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** Every occurrence of every phrase in the tokens (overlaps included). */
  match(tokens: Token[]): PhraseMatch<T>[] {
    const matches: PhraseMatch<T>[] = [];
    const gapPhrases = this.index.get(GAP_KEY) ?? [];
    for (let start = 0; start < tokens.length; start++) {
      const token = tokens[start]!;
      if (token.isPunctuation) continue;
      const candidates = new Set<CompiledPhrase<T>>(this.index.get(token.normal));
      if (token.lemma !== token.normal) for (const p of this.index.get(token.lemma) ?? []) candidates.add(p);
      if (isNumberToken(token)) for (const p of this.index.get(NUMBER_KEY) ?? []) candidates.add(p);
      for (const p of gapPhrases) candidates.add(p);
      for (const phrase of candidates) {
        const end = matchFrom(phrase, 0, tokens, start);
        if (end > start && !figurative(tokens, end)) matches.push({ phrase, start, end });
      }
    }
    return matches;
  }
}

function matchFrom<T>(phrase: CompiledPhrase<T>, p: number, tokens: Token[], t: number): number {
  const pattern = phrase.tokens;
  if (p === pattern.length) return t;
  const part = pattern[p]!;
  if (part.kind === 'gap') {
    for (let skip = 0; skip <= part.max; skip++) {
      const skipped = tokens[t + skip - 1];
      if (skip > 0 && (!skipped || SENTENCE_END.has(skipped.normal))) break;
      const end = matchFrom(phrase, p + 1, tokens, t + skip);
      if (end > 0) return end;
    }
    return -1;
  }
  const token = tokens[t];
  if (!token || token.isPunctuation) return -1;
  const ok = part.kind === 'number' ? isNumberToken(token) : wordMatches(part, token, phrase.nounOnly);
  return ok ? matchFrom(phrase, p + 1, tokens, t + 1) : -1;
}

function wordMatches(part: { normal: string; anyForm: boolean }, token: Token, nounOnly: boolean): boolean {
  if (token.normal === part.normal) return true;
  if (!part.anyForm || token.lemma !== part.normal) return false;
  // things match their plurals only: "steaks" is a steak, "checking" is not a check
  return !nounOnly || (token.normal.endsWith('s') && token.pos !== 'VERB' && token.pos !== 'AUX');
}

/** The words said in another sense that the model leaves unread ("slipped" in "slipped my mind"), or none. */
export function figurativeWords(tokens: Token[]): ReadonlySet<string> | undefined {
  let words: Set<string> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!figurative(tokens, i + 1) || FIGURATIVE_READ_BY_MODEL.has(tokens[i]!.lemma)) continue;
    words ??= new Set();
    words.add(tokens[i]!.normal);
  }
  return words;
}

/** The match ends in a verb used in another sense: "slipped my mind", "fell through", "tripped up". */
function figurative(tokens: Token[], end: number): boolean {
  const senses = FIGURATIVE.get(tokens[end - 1]!.lemma);
  if (!senses) return false;
  const next = tokens[end];
  if (!next) return false;
  const after = POSSESSIVES.has(next.normal) ? tokens[end + 1] : next;
  return after !== undefined && senses.has(after.normal);
}

function isNumberToken(token: Token): boolean {
  return token.isNumber || NUMBER_WORDS.has(token.normal);
}

/** All strings one deletion away (SymSpell): two words share one when they are one edit or swap apart. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
