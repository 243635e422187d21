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
export function asGuestRef(text: string): GuestRef {
  const written = text.trim().slice(0, 80);
  const normal = written.toLowerCase().normalize('NFKC').replace(/\s+/g, ' ');
  return {
    text: written,
    key: `name:#${createHash('sha256').update(normal).digest('hex').slice(0, 24)}`,
    kind: 'name',
  };
}
