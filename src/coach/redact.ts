/**
 * Removes guest PII before anything is stored, logged or sent to a model: payment card numbers (Luhn-checked, so
 * order and booking numbers survive), email addresses and phone numbers. Slack's auto-links (<mailto:…|…>,
 * <tel:…|…>) are redacted whole.
 */
export interface Redaction {
  text: string;
  /** What was removed, by kind (counts only, never the values). */
  removed: { card: number; email: number; phone: number };
}

// Each pattern costs one pass however long an unbroken word is (Slack allows 40,000 characters): a repeat that could
// start anywhere inside a long run would rescan the run from every position, and one such message once held the
// event loop for 2-3 s. So an address starts only where its run of address characters starts, and a Slack link
// ends at the next bracket.
const SLACK_LINK = /<(mailto|tel):[^<>]{0,1000}>/gi;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}/g;
/** 13-19 digits, optionally grouped by spaces or dashes. */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/**
 * Phone-shaped runs: an optional +country code, an optional (area), then groups of digits with separators, 7-15
 * digits in all. Room numbers, times, prices and dates have too few digits or the wrong shape.
 */
const PHONE_CANDIDATE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?!\w)/g;

export function redact(input: string): Redaction {
  const removed = { card: 0, email: 0, phone: 0 };
  let text = input.replace(SLACK_LINK, (_m, kind: string) => {
    if (kind.toLowerCase() === 'mailto') removed.email++;
    else removed.phone++;
    return kind.toLowerCase() === 'mailto' ? '[email]' : '[phone]';
  });
  text = text.replace(EMAIL, () => {
    removed.email++;
    return '[email]';
  });
  text = text.replace(CARD_CANDIDATE, (match) => {
    if (!luhnValid(match.replace(/\D/g, ''))) return match;
    removed.card++;
    return '[card]';
  });
  text = text.replace(PHONE_CANDIDATE, (match) => {
    if (!looksLikePhone(match)) return match;
    removed.phone++;
    return '[phone]';
  });
  return { text, removed };
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
