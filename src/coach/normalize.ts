import { UPSET_EMOJI } from './lexicon';

/** Longest message the coach reads; longer text is cut (the full text is still stored, redacted). */
export const MAX_COACH_CHARS = 2000;

/**
 * Turns chat text into plain words the detector can read: Slack markup and mentions become inert words, shift
 * shorthand is spelled out, and emoji that show a mood become that mood.
 */
export function normalizeForDetection(text: string): string {
  let out = text.length > MAX_COACH_CHARS ? text.slice(0, MAX_COACH_CHARS) : text;
  out = out
    // Slack links and mentions: <https://x|label> → label, <@U123> → someone, <!channel> → everyone
    // (each ends at the next bracket: Slack escapes brackets inside a label)
    .replace(/<(?:https?|mailto|tel):[^|<>]*\|([^<>]*)>/g, '$1')
    .replace(/<(?:https?|mailto|tel):[^<>]*>/g, ' ')
    .replace(/<[@#][A-Z0-9]+(?:\|([^<>]*))?>/g, (_m, label: string | undefined) => ` ${label ?? 'someone'} `)
    .replace(/<![a-z^]+(?:\|[^<>]*)?>/g, ' everyone ')
    .replace(/:([a-z][a-z0-9_+-]*):/g, (_m, name: string) => ` ${UPSET_EMOJI[name] ?? ''} `)
    // mrkdwn emphasis markers
    .replace(/(^|\s)[*_~`]+|[*_~`]+(?=\s|$|[.,!?])/g, '$1')
    // bare links say nothing about a guest, and runs of marks ("?!?!", "://://") say no more than their first: the
    // tokenizer's URL and symbol rules are slow on long runs of them (0.45 s for 2,000 characters of "://")
    .replace(/\b(?:[a-z][a-z0-9+.-]{0,15}:\/\/|www\.)[^\s<>|]{0,2000}/gi, ' ')
    .replace(/([!-/:-@[-`{-~])[!-/:-@[-`{-~]{2,}/g, '$1');
  return expandShorthand(out);
}

const SHORTHAND: Array<[RegExp, string]> = [
  [/\b86(?:'?d|ed|'ed)\b/gi, '86d'],
  [/\beighty[- ]six(?:ed|'d)?\b/gi, '86d'],
  [/\bw\/o\b/gi, 'without'],
  [/\bw\//gi, 'with '],
  [/\bb\/c\b/gi, 'because'],
  [/\ba\/c\b/gi, 'aircon'],
  [/\bwi-fi\b/gi, 'wifi'],
  [/\bcomp'?d\b/gi, 'comped'],
  [/\bpls\b|\bplz\b/gi, 'please'],
  [/\bppl\b/gi, 'people'],
  [/\bmgr\b/gi, 'manager'],
  [/\bsvr\b/gi, 'server'],
  [/\bgst\b/gi, 'guest'],
  [/\bres\b(?=\s|$|[.,!?])/gi, 'reservation'],
  [/\brezz?\b/gi, 'reservation'],
  [/\bhrs?\b/gi, 'hour'],
  // apostrophes dropped on the floor: "hasnt", "shes"
  [/\b(has|have|had|does|did|is|was|were|are|could|should|would|do)nt\b/gi, '$1 not'],
  [/\bshes\b/gi, 'she is'],
  [/\btheyre\b/gi, 'they are'],
  [/\bthats\b/gi, 'that is'],
  [/\bfoh\b/gi, 'front of house'],
  [/\bboh\b/gi, 'kitchen'],
  [/\bnvm\b/gi, 'never mind'],
  [/\bthx\b|\bty\b/gi, 'thanks'],
  [/\bmins?\b/gi, 'minutes'],
  [/\b(\d+)\s?(?:m|min|mins)\b/gi, '$1 minutes'],
  [/&/g, ' and '],
  // hyphenated adjectives: "too-small", "so-so" stays (a phrase of its own)
  [/\b(too|so|very|over|under|half|not)-(?!so\b)([a-z]+)/gi, '$1 $2'],
  // elongated words: "sooo", "coooold" → "so", "cold"
  [/([a-z])\1{2,}/gi, '$1'],
];

function expandShorthand(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SHORTHAND) out = out.replace(pattern, replacement);
  return out;
}
