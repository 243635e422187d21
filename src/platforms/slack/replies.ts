import { type AppError, reportError, userMessage } from '../../errors';
import type { Logger } from '../../log';

/** The sentence to show a person for any error, after logging it once with its code. */
export function explain(log: Logger, error: unknown, context: { tenant?: string; where: string }): string {
  const appError: AppError = reportError(log, error, context);
  return `:warning: ${userMessage(appError)}`;
}

/** Extracts a user id from a mention as Slack sends it in command text: `<@U123|name>` or `<@U123>`. */
export function userIdFromMention(text: string): string | undefined {
  return text.match(/^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/)?.[1];
}
