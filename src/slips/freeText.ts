import { createHash } from 'node:crypto';
import { findGuestRef, type GuestRef } from '../coach/guestRef';
import { redactText } from '../coach/redact';
import type { SlipAction } from './lifecycle';

/**
 * Every field of an action a person (or a model) can fill with words. Each goes through the one redaction step
 * before the slip is stored, so a card number typed as a fix note never reaches Redis, a card, a reminder or a log.
 */
const FREE_TEXT_FIELDS = ['note', 'gesture', 'promise', 'reason', 'text', 'purpose'] as const;

/** The action with its free text redacted (card numbers, emails, phones, invisible characters). */
export function redactAction(action: SlipAction): SlipAction {
  const out: Record<string, unknown> = { ...action };
  for (const field of FREE_TEXT_FIELDS) {
    const value = out[field];
    if (typeof value === 'string') out[field] = redactText(value);
  }
  return out as unknown as SlipAction;
}

/**
 * A guest reference as a person typed it in a form (or a forget request names it), redacted first. A reference
 * that matches a known shape keeps its normalised key ("table:12"); anything else is kept as written for the card,
 * and its key is a hash, so what was typed never becomes part of a Redis key name.
 */
export function guestFromText(typed: string): GuestRef {
  const text = redactText(typed).trim();
  return findGuestRef(text) ?? asGuestRef(text);
}

/** A guest reference that matches no pattern ("the couple by the window"): shown as written, keyed by a hash. */
function asGuestRef(text: string): GuestRef {
  const written = text.trim().slice(0, 80);
  const normal = written.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ');
  return { text: written, key: `name:#${digest(normal)}`, kind: 'name' };
}

/** A plain name: letters and digits, with dots, dashes and underscores inside; what a person id may be as typed. */
const PLAIN_NAME = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]{0,38}[\p{L}\p{N}])?$/u;

/**
 * A person named by what someone typed where there is no directory to look them up (the shell's `assign 3 sam` and
 * `/as sam`), as the id a slip stores and indexes its owner by. A plain name is kept (NFKC-normalised, so two ways of
 * typing it are one person); anything else (an address, a number, markup) becomes a hash, so what was typed never
 * becomes part of a Redis key name.
 */
export function personFromText(typed: string): string {
  const normal = typed.normalize('NFKC').trim();
  return PLAIN_NAME.test(normal) && redactText(normal) === normal ? normal : `#${digest(normal.toLowerCase())}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
