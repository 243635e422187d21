/**
 * Built-in language knowledge the detector needs whatever the venue's playbook says: how negation, intensity,
 * clause breaks and guest mentions look in shift-floor English. Category words live in the playbook, not here.
 */

/** Words that negate what follows them in the same clause ("not cold", "no complaints", "never rude"). */
export const NEGATORS = new Set([
  'not',
  'no',
  'zero',
  'never',
  'without',
  'nothing',
  'none',
  'nor',
  'neither',
  'hardly',
]);

/** How many tokens before a match a negator still reaches. */
export const NEGATION_REACH = 3;

/** Make a context-dependent problem word count ("too cold", "stone cold", "really loud"). */
export const INTENSIFIERS = new Set([
  'too',
  'so',
  'very',
  'really',
  'super',
  'stone',
  'freezing',
  'way',
  'extremely',
  'totally',
  'completely',
  'incredibly',
  'painfully',
  'ridiculously',
  'unbelievably',
  'bit',
  'little',
  'quite',
  'pretty',
  'rather',
  'overly',
  'horribly',
  'terribly',
  'awfully',
]);

/**
 * Problem words that describe a thing neutrally when placed before it ("cold beer", "hot soup", "raw bar", "dark
 * roast") and only signal a problem when said about it ("the beer is warm") or intensified ("too cold").
 */
export const CONTEXTUAL_CUES = new Set([
  'cold',
  'hot',
  'warm',
  'cool',
  'dry',
  'small',
  'tiny',
  'short',
  'flat',
  'loud',
  'late',
  'long',
  'strong',
  'sweet',
  'spicy',
  'salty',
  'raw',
  'rare',
  'dark',
  'quiet',
  'busy',
  'packed',
  'full',
  'crowded',
  'slow',
  'off',
  'tough',
  'expensive',
  'steep',
  'frozen',
  'bitter',
  'sour',
]);

/** Words that end a clause: problem words and subjects only pair within one clause. */
export const CLAUSE_BREAKS = new Set([
  ',',
  ';',
  ':',
  '.',
  '!',
  '?',
  '(',
  ')',
  '-',
  '–',
  '—',
  '/',
  'but',
  'though',
  'although',
  'however',
  'whereas',
  'yet',
  'except',
  'while',
  'otherwise',
  'because',
]);

/** Words that show a guest is involved (precision gate for categories that need one). */
export const GUEST_WORDS = new Set([
  'guest',
  'guests',
  'customer',
  'customers',
  'client',
  'clients',
  'diner',
  'diners',
  'patron',
  'patrons',
  'lady',
  'ladies',
  'man',
  'men',
  'woman',
  'women',
  'gentleman',
  'gent',
  'couple',
  'family',
  'kid',
  'kids',
  'child',
  'children',
  'party',
  'table',
  'tables',
  'room',
  'people',
  'he',
  'she',
  'her',
  'his',
  'him',
  'vip',
  'member',
  'visitor',
  'traveller',
  'traveler',
  'bride',
  'groom',
  'mom',
  'dad',
  'wife',
  'husband',
  'ordered',
  'wanted',
  'asked',
  'requested',
  'promised',
]);

/** Question openers: a question is usually a request for information, not a report of a slip. */
export const QUESTION_OPENERS = new Set([
  'who',
  'what',
  'when',
  'where',
  'which',
  'how',
  'why',
  'is',
  'are',
  'can',
  'could',
  'do',
  'does',
  'did',
  'should',
  'will',
  'would',
  'has',
  'have',
  'anyone',
  'any',
]);

/** Number words, so "#" in a phrase matches "forty" as well as "40". */
export const NUMBER_WORDS = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'fifteen',
  'twenty',
  'thirty',
  'forty',
  'fourty',
  'fifty',
  'sixty',
  'ninety',
  'few',
  'several',
  'couple',
  'half',
]);

/**
 * Verbs that mean something else when these words follow them (after a possessive, for "slipped my mind"): a phrase
 * ending in such a verb does not match there. "The cake slipped my mind" and "the booking fell through" are no
 * injuries, and a safety trigger pages the managers; nor is music "bleeding into the studio".
 */
export const FIGURATIVE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['slip', new Set(['mind', 'through', 'thru', 'up'])],
  ['fall', new Set(['through', 'thru', 'behind', 'short', 'asleep', 'apart', 'flat'])],
  ['trip', new Set(['up'])],
  ['choke', new Set(['up'])],
  ['bleed', new Set(['through', 'thru', 'into'])],
]);

/**
 * Of those, the verbs the model still reads in their other sense: music "bleeding into the studio" names no injury
 * (no safety trigger, no critical page), but the word is how staff say a noise carries, and the model learned it as
 * part of a noise complaint (leaving it out cost a real noise slip on both draws of the cross-validation).
 */
export const FIGURATIVE_READ_BY_MODEL = new Set(['bleed']);

/**
 * Shift-channel abbreviations the English model does not know, never read as a typo of a playbook word: "thurs" is
 * one letter from "hours" ("valet lot re-striped thurs night" read as a wait), "sept" from "slept".
 */
export const SHORTHAND_WORDS = new Set([
  'tues',
  'weds',
  'thur',
  'thurs',
  'sept',
  'tmrw',
  'tmrow',
  'tomo',
  'tonite',
  'arvo',
  'brekky',
  'brekkie',
  'hols',
  'thnx',
  'thanx',
  'convo',
  'reno',
  'refurb',
  'asap',
]);

/** Words a figurative verb's following word may come after ("slipped *my* mind"). */
export const POSSESSIVES = new Set(['my', 'his', 'her', 'their', 'our', 'your', 'its']);

/** Emoji names people use to show a guest is unhappy; turned into words before detection. */
export const UPSET_EMOJI: Record<string, string> = {
  rage: 'angry',
  angry: 'angry',
  triumph: 'angry',
  face_with_symbols_on_mouth: 'angry',
  disappointed: 'disappointed',
  cry: 'upset',
  sob: 'upset',
  unamused: 'annoyed',
  confounded: 'upset',
  persevere: 'upset',
  tired_face: 'frustrated',
};
