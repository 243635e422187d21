/**
 * Removes guest PII before anything is stored, logged or sent to a model: payment card numbers (Luhn-checked, so
 * order and booking numbers survive), email addresses and phone numbers. Slack's auto-links (<mailto:…|…>,
 * <tel:…|…>) are redacted whole. Every free-text field goes through `redact` (or `redactText`): the channel
 * message, the form's guest, the fix note, the promise, the `/recover` draft and the shell's commands.
 */
export interface Redaction {
  text: string;
  /** What was removed, by kind (counts only, never the values). */
  removed: { card: number; email: number; phone: number };
}

// Each pattern costs one pass however long an unbroken word is (Slack allows 40,000 characters): a repeat that could
// start anywhere inside a long run would rescan the run from every position, and one such message once held the
// event loop for 2-3 s. So an address starts only where its run of address characters starts, a Slack link ends
// at the next bracket, and a digit run is read once and then split into its groups.
const SLACK_LINK = /<(mailto|tel):[^<>]{0,1000}>/gi;
/** Letters of any script (jöse@exämple.com), and the full-width at sign a phone keyboard may type. */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+[@＠][\p{L}\p{N}.-]{1,253}\.\p{L}{2,63}/gu;
/**
 * What people put between a card's digit groups: spaces of every kind (no-break, thin, ideographic, doubled),
 * dashes of every kind, dots, slashes, underscores, and the invisible characters a paste can carry. At most three
 * in a row ("4111 - 1111").
 */
const SEP = '[\\s._/\\-\\u2010-\\u2015\\u2212\\u200B-\\u200D\\u2060\\uFEFF]';
/** A run of digit groups, each gap at most three separators; split into groups and searched for cards afterwards. */
const DIGIT_RUN = new RegExp(`(?<!\\d)\\d(?:${SEP}{0,3}\\d)+(?!\\d)`, 'g');
/**
 * Phone-shaped runs: an optional +country code, an optional (area), then groups of digits with separators, 7-15
 * digits in all. Room numbers, times, prices and dates have too few digits or the wrong shape.
 */
const PHONE_CANDIDATE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?!\w)/g;

export function redact(input: string): Redaction {
  const removed = { card: 0, email: 0, phone: 0 };
  let text = asciiDigits(stripInvisible(input)).replace(SLACK_LINK, (_m, kind: string) => {
    if (kind.toLowerCase() === 'mailto') removed.email++;
    else removed.phone++;
    return kind.toLowerCase() === 'mailto' ? '[email]' : '[phone]';
  });
  text = text.replace(EMAIL, () => {
    removed.email++;
    return '[email]';
  });
  text = text.replace(DIGIT_RUN, (run) => {
    const { text: out, cards } = redactCardsInRun(run);
    removed.card += cards;
    return out;
  });
  text = text.replace(PHONE_CANDIDATE, (match) => {
    if (!looksLikePhone(match)) return match;
    removed.phone++;
    return '[phone]';
  });
  return { text, removed };
}

/** The redacted text alone: for every free-text field that is not a channel message. */
export function redactText(input: string): string {
  return redact(input).text;
}

/**
 * Bidi overrides and isolates (which can make a card read backwards) and zero-width characters (which hide a card
 * number or an address from the patterns above and a mention from a reader). A zero-width joiner inside an emoji
 * sequence stays, so "👩‍🍳" is still one picture.
 */
export function stripInvisible(text: string): string {
  return text
    .replace(/[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u061C\u00AD]/g, '')
    .replace(/\u200D(?!\p{Extended_Pictographic})/gu, '');
}

/**
 * Digits of every script as ASCII (full-width "４１１１", Arabic-Indic, mathematical bold), so a number typed on
 * a phone keyboard set to another script is still recognised. Unicode keeps each script's ten digits together,
 * from zero up.
 */
function asciiDigits(text: string): string {
  return text.replace(/\P{ASCII}/gu, (ch) => {
    if (!/\p{Nd}/u.test(ch)) return ch;
    let zero = ch.codePointAt(0)!;
    while (zero > 0 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String((ch.codePointAt(0)! - zero) % 10);
  });
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

/**
 * Card numbers inside one run of digit groups. A window of whole groups is a card when it has 13-19 digits, passes
 * Luhn, and is either one unbroken group or grouped the way cards are printed (every group but the last at least
 * three digits): "4111 1111 1111 1111 12/28" loses the card and keeps the expiry, while a list of prices such as
 * "12.50 13.00 14.25" is never read as one.
 */
function redactCardsInRun(run: string): { text: string; cards: number } {
  const groups: Group[] = [];
  for (const m of run.matchAll(/\d+/g)) groups.push({ start: m.index!, end: m.index! + m[0].length, digits: m[0] });
  let out = '';
  let cursor = 0;
  let cards = 0;
  for (let i = 0; i < groups.length; i++) {
    const j = cardWindowEnd(groups, i);
    if (j === undefined) continue;
    out += `${run.slice(cursor, groups[i]!.start)}[card]`;
    cursor = groups[j]!.end;
    cards++;
    i = j;
  }
  return { text: out + run.slice(cursor), cards };
}

/** The last group of the longest card-shaped window starting at group `i`, if any. */
function cardWindowEnd(groups: Group[], i: number): number | undefined {
  let digits = '';
  let found: number | undefined;
  for (let j = i; j < groups.length && digits.length < 19; j++) {
    if (j > i && groups[j - 1]!.digits.length < 3) break;
    digits += groups[j]!.digits;
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) found = j;
  }
  return found;
}

export function luhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  // ISO dates (2026-11-22) and clock ranges are not phones
  if (/^\d{4}-\d{2}-\d{2}(?!\d)/.test(candidate)) return false;
  // a lone run of digits is a phone only at phone length (10-11: 3125550188, 07700900123), not an order number
  if (/^\d+$/.test(candidate)) return digits.length === 10 || digits.length === 11;
  return true;
}
