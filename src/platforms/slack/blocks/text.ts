/**
 * Safe text for Block Kit. Anything a person typed (staff messages, playbook lines, names) goes through `mrkdwn()`
 * or into a plain_text object, so `<!channel>`, `<@U…>` and links in it never ping or link anything.
 */

import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import { decodeHTMLStrict } from 'entities';
import { escapeMrkdwn, plainText } from '../../../views/escape';

// the one mrkdwn escaper (views/escape.ts), beside the other Block Kit text helpers
export { escapeMrkdwn };

/** Cuts to `max` characters (counting the ellipsis), on a code point boundary. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  contextText: 2000,
  buttonText: 75,
  headerText: 150,
  fallbackText: 3000,
  modalTitle: 24,
  optionText: 75,
  privateMetadata: 3000,
  actionValue: 2000,
} as const;

/** mrkdwn we wrote ourselves (with `<@U…>` mentions we chose), cut to the section limit. */
export function md(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max), verbatim: true };
}

/** Words from a person, shown exactly as typed: no formatting, no mentions, no links. */
export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  const clean = plainText(text);
  return { type: 'plain_text', text: truncate(clean.trim() === '' ? ' ' : clean, max), emoji: true };
}

/** A user mention we generate from an id we trust (never from message text). */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/**
 * Slack's wire markup in a person's words made readable for a plain_text quote: `<!channel>` → "@channel",
 * `<@U1|sam>` → "@sam", `<https://x|label>` → "label", and the entities Slack escapes `&`, `<` and `>` with decoded
 * once (someone who typed "&lt;" reads "&lt;"). plain_text never pings, so this is for reading only.
 */
export function humanize(text: string): string {
  // a label or link ends at the next bracket (Slack escapes brackets inside them), so each pattern is one pass even
  // over a 40,000-character run of unclosed "<@U1|"
  const readable = text
    .replace(/<!(channel|here|everyone)(?:\|[^<>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^<>]*))?>/g, (_m, label: string | undefined) => label ?? '@group')
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>/g, (_m, id: string, label: string | undefined) => `@${label ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^<>]*))?>/g, (_m, id: string, label: string | undefined) => `#${label ?? id}`)
    .replace(
      /<((?:https?|mailto|tel):[^|<>]+)(?:\|([^<>]*))?>/g,
      (_m, url: string, label: string | undefined) => label ?? url,
    );
  return decodeHTMLStrict(readable);
}

/** A time Slack shows in each reader's own time zone. */
export function slackTime(epochMs: number, fallback: string): string {
  return `<!date^${Math.floor(epochMs / 1000)}^{time}|${escapeMrkdwn(fallback)}>`;
}
