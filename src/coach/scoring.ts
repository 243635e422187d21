import type { Category, Severity } from '../playbook/schema';
import {
  CLAUSE_BREAKS,
  CONTEXTUAL_CUES,
  GUEST_WORDS,
  INTENSIFIERS,
  NEGATION_REACH,
  NEGATORS,
  QUESTION_OPENERS,
} from './lexicon';
import type { PhraseMatch } from './phrases';
import type { MatchTag } from './rulesDetector';
import type { Token } from './tokenizer';

/** Evidence weights: how sure one kind of sign makes us that a message is a slip of a category. */
export const WEIGHTS = {
  trigger: 1,
  /** "the steak was cold", "steak cold": a category's own problem word said about its subject. */
  cueAfterSubject: 0.9,
  /** "overcooked steak": an unambiguous problem word before the subject. */
  cueBeforeSubject: 0.8,
  /** "cold beer": a context-dependent word before the subject reads as a description, not a complaint. */
  contextualBeforeSubject: 0.3,
  /** "the room was terrible": a general problem word about a category's subject. */
  problemAfterSubject: 0.75,
  problemBeforeSubject: 0.7,
  hint: 0.3,
  /** Added to a category with any evidence when the message says the guest is upset. */
  upsetBoost: 0.3,
  /** Each extra piece of evidence for the same category. */
  corroboration: 0.05,
  /** A category that needs a guest, in a message that shows none. */
  noGuestFactor: 0.3,
  /** Evidence only inside questions ("did T4 get the wrong wine?"). */
  questionFactor: 0.6,
} as const;

/** Subject and problem word must be this close (tokens between them) in one clause. */
const PAIR_REACH = 6;

type Match = PhraseMatch<MatchTag>;

export interface ScoredCategory {
  categoryId: string;
  score: number;
  reasons: string[];
  /** Orders categories with equal scores: trigger phrases beat word pairs, more evidence beats less. */
  rank: number;
  /** The score had the message shown a guest (equal to `score` unless the category requires one and none showed). */
  withGuest: number;
}

export interface Scores {
  ranked: ScoredCategory[];
  /** Problem words, triggers and upset words the message negates ("not cold", "no complaints"). */
  negated: number;
  /** The message shows a guest: a guest reference, a guest word or an upset word. */
  showsGuest: boolean;
  upset: boolean;
  upsetWords: string[];
  severityHits: Array<{ level: Severity; category?: string; text: string }>;
}

interface Evidence {
  weight: number;
  reason: string;
  inQuestion: boolean;
  /** How specific the matched trigger phrase is (0 for other evidence). */
  specificity: number;
  /** Where in the message the evidence starts: two phrases matched at one place are one piece of evidence. */
  at: number;
}

export function scoreCategories(input: {
  tokens: Token[];
  matches: Match[];
  categories: Category[];
  hasGuestRef: boolean;
}): Scores {
  const { tokens, categories } = input;
  const layout = layoutOf(tokens);
  const live = input.matches.filter((m) => m.phrase.negative || !isNegated(m, tokens, layout.clause));
  const negated = input.matches.filter((m) => m.phrase.tag.role !== 'subject' && !live.includes(m)).length;
  const evidence = new Map<string, Evidence[]>();
  const add = (category: string, weight: number, reason: string, at: number, specificity = 0) => {
    const list = evidence.get(category) ?? [];
    list.push({ weight, reason, inQuestion: layout.question[at] === true, specificity, at });
    evidence.set(category, list);
  };

  const subjects = live.filter((m) => m.phrase.tag.role === 'subject');
  for (const m of live) {
    const tag = m.phrase.tag;
    if (tag.role === 'trigger')
      add(tag.category, WEIGHTS.trigger, `trigger "${m.phrase.text}"`, m.start, specificity(m, tokens));
    else if (tag.role === 'hint') add(tag.category, WEIGHTS.hint, `hint "${m.phrase.text}"`, m.start);
    else if (tag.role === 'cue' || tag.role === 'problem') {
      for (const subject of subjects) {
        const subjectTag = subject.phrase.tag as { category: string };
        if (tag.role === 'cue' && subjectTag.category !== tag.category) continue;
        const weight = pairWeight(m, subject, tokens, layout.clause);
        if (weight > 0) add(subjectTag.category, weight, `"${m.phrase.text}" about "${subject.phrase.text}"`, m.start);
      }
    }
  }

  const upsetMatches = live.filter((m) => m.phrase.tag.role === 'upset');
  const upset = upsetMatches.length > 0;
  const showsGuest = upset || input.hasGuestRef || tokens.some((t) => GUEST_WORDS.has(t.normal));
  const ranked: ScoredCategory[] = [];
  for (const category of categories) {
    const list = evidence.get(category.id);
    if (!list || list.length === 0) continue;
    ranked.push(scoreOne(category, list, { upset, showsGuest }));
  }
  ranked.sort((a, b) => b.score - a.score || b.rank - a.rank);
  return {
    ranked,
    negated,
    showsGuest,
    upset,
    upsetWords: [...new Set(upsetMatches.map((m) => m.phrase.text))],
    severityHits: live
      .filter((m) => m.phrase.tag.role === 'severity')
      .map((m) => {
        const tag = m.phrase.tag as { level: Severity; category?: string };
        return { level: tag.level, category: tag.category, text: m.phrase.text };
      }),
  };
}

function scoreOne(
  category: Category,
  list: Evidence[],
  context: { upset: boolean; showsGuest: boolean },
): ScoredCategory {
  const sorted = [...list].sort((a, b) => b.weight - a.weight);
  // corroboration is evidence at another place in the message: "ran out" matched as both "ran out" and "run out" is
  // one finding, and it outweighed "mouse" in "a mouse ran out from under the counter"
  const distinct = new Set(sorted.map((e) => e.at)).size;
  let score = sorted[0]!.weight + WEIGHTS.corroboration * (distinct - 1);
  // between equal scores the more specific trigger wins: "no hot water" (a room problem) over "still no" (a wait) in
  // "still no hot water"; a hundredth a point only breaks ties, it never outweighs evidence
  const specific = Math.max(0, ...list.map((e) => e.specificity));
  const rank = (sorted[0]!.weight >= WEIGHTS.trigger ? 1 : 0) + score + 0.01 * specific;
  if (context.upset) score += WEIGHTS.upsetBoost;
  if (!context.upset && sorted.every((e) => e.inQuestion)) score *= WEIGHTS.questionFactor;
  const withGuest = score;
  if (category.requiresGuest && !context.showsGuest) score *= WEIGHTS.noGuestFactor;
  return {
    categoryId: category.id,
    score: Math.min(1, score),
    withGuest: Math.min(1, withGuest),
    reasons: [...new Set(sorted.map((e) => e.reason))].slice(0, 4),
    rank,
  };
}

/**
 * How specific a trigger is: its words (gaps and number slots are not words), and twice over the nouns it covers in
 * the message. A phrase that names the thing ("no towels") says more than one that names only time ("still no").
 */
function specificity(match: Match, tokens: Token[]): number {
  const words = match.phrase.tokens.filter((t) => t.kind === 'word').length;
  let nouns = 0;
  for (let i = match.start; i < match.end; i++) if (['NOUN', 'PROPN'].includes(tokens[i]!.pos)) nouns++;
  return words + 2 * nouns;
}

/** How strongly a problem word (`cue`) said about a `subject` counts; 0 when they are not about each other. */
function pairWeight(cue: Match, subject: Match, tokens: Token[], clause: number[]): number {
  if (cue.start < subject.end && subject.start < cue.end) return 0;
  if (clause[cue.start] !== clause[subject.start]) return 0;
  const general = cue.phrase.tag.role === 'problem';
  if (cue.start >= subject.end) {
    if (cue.start - subject.end > PAIR_REACH) return 0;
    return general ? WEIGHTS.problemAfterSubject : WEIGHTS.cueAfterSubject;
  }
  if (subject.start - cue.end > PAIR_REACH) return 0;
  const single = cue.end - cue.start === 1 ? tokens[cue.start]!.normal : undefined;
  if (single && CONTEXTUAL_CUES.has(single)) {
    const before = tokens[cue.start - 1];
    return before && INTENSIFIERS.has(before.normal) ? WEIGHTS.cueAfterSubject : WEIGHTS.contextualBeforeSubject;
  }
  return general ? WEIGHTS.problemBeforeSubject : WEIGHTS.cueBeforeSubject;
}

/** A negator shortly before the match, in the same clause ("not cold", "no complaints", "never rude"). */
function isNegated(match: Match, tokens: Token[], clause: number[]): boolean {
  for (let i = match.start - 1; i >= 0 && i >= match.start - NEGATION_REACH; i--) {
    if (clause[i] !== clause[match.start]) return false;
    if (NEGATORS.has(tokens[i]!.normal)) return true;
  }
  return false;
}

/**
 * Clause number and whether the token sits in a question, for every token. A question is a "?" sentence that opens
 * with a question word ("did T4 get the wrong wine?"), or else only the last clause before the "?" ("T4 waited 20
 * min, can someone check?" still reports the wait).
 */
function layoutOf(tokens: Token[]): { clause: number[]; question: boolean[] } {
  const clause = new Array<number>(tokens.length);
  const question = new Array<boolean>(tokens.length).fill(false);
  let current = 0;
  let sentenceStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    const normal = tokens[i]!.normal;
    if (CLAUSE_BREAKS.has(normal)) current++;
    clause[i] = current;
    if (normal === '?') {
      const opener = tokens.slice(sentenceStart, i).find((t) => !t.isPunctuation);
      const from = opener && QUESTION_OPENERS.has(opener.normal) ? sentenceStart : lastClauseStart(clause, i);
      for (let j = from; j <= i; j++) question[j] = true;
    }
    if (normal === '.' || normal === '!' || normal === '?') sentenceStart = i + 1;
  }
  return { clause, question };
}

function lastClauseStart(clause: number[], questionMark: number): number {
  let j = questionMark - 1;
  while (j > 0 && clause[j - 1] === clause[questionMark - 1]) j--;
  return Math.max(0, j);
}
