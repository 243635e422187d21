import { type AppError, reportError, userMessage } from '../../errors';
import type { Logger } from '../../log';

/** The sentence to show a person for any error, after logging it once with its code. */
export function explain(log: Logger, error: unknown, context: { tenant?: string; where: string }): string {
  const appError: AppError = reportError(log, error, context);
  return `:warning: ${userMessage(appError)}`;
}

export const SLACK_HELP = [
  '*recovery-coach* helps you recover a guest after a slip: acknowledge, correct, connect.',
  '• Post what happened in a watched channel ("T12 got the wrong steak, guest annoyed") and I reply in the thread with a recovery card.',
  '• `/recover <what happened>` — log a slip yourself (you see a preview first).',
  '• `/recover` — open the form; or use the message menu → *Recover from this message*.',
  '• `/recover watch` / `/recover unwatch` — managers: start or stop watching this channel.',
  '• `/recover role @person lead|manager|staff` — managers: who may give which gestures.',
  '• `/recover shifts 06:00 14:00 22:00 America/Chicago` — managers: shift changes; a handoff is posted here at each. `/recover shifts` shows them, `/recover shifts off` stops them.',
  '• `/recover handoff` — the handoff for the shift so far, with *Post now*.',
  '• `/recover ai` — whether cards are tailored by an AI model here; managers: `/recover ai on|off`.',
  '• Your open slips and follow-ups are on my App Home tab (`/recover home` brings it up to date); managers edit the playbook there.',
].join('\n');

/** Extracts a user id from a mention as Slack sends it in command text: `<@U123|name>` or `<@U123>`. */
export function userIdFromMention(text: string): string | undefined {
  return text.match(/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/)?.[1];
}
