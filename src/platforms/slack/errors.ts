import { AppError } from '../../errors';

/** Slack API errors that will not go away by retrying: the person, channel or token is gone or forbidden. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'users_not_found',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'cannot_dm_bot',
  'restricted_action',
  'team_access_not_granted',
  'ekm_access_denied',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'message_not_found',
  'cant_update_message',
  'not_installed',
]);

/** Maps a @slack/web-api error to our codes: rate limited (with Retry-After), temporary or permanent. */
export function slackApiError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  const message = e.message ?? String(error);
  if (e.code === 'slack_webapi_rate_limited_error')
    return new AppError('PLATFORM_RATE_LIMITED', `Slack rate limit: ${message}`, {
      cause: error,
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
    });
  const apiError = e.data?.error;
  if (e.code === 'slack_webapi_platform_error' && apiError) {
    if (apiError === 'ratelimited')
      return new AppError('PLATFORM_RATE_LIMITED', 'Slack rate limit', { cause: error, retryAfterMs: 1000 });
    if (PERMANENT.has(apiError))
      return new AppError('PLATFORM_PERMANENT', `Slack refused: ${apiError}`, {
        cause: error,
        details: { slackError: apiError },
      });
    return new AppError('PLATFORM_TEMPORARY', `Slack error: ${apiError}`, {
      cause: error,
      details: { slackError: apiError },
    });
  }
  if (
    e.code === 'slack_webapi_http_error' &&
    e.statusCode &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    e.statusCode !== 408
  )
    return new AppError('PLATFORM_PERMANENT', `Slack HTTP ${e.statusCode}`, { cause: error });
  return new AppError('PLATFORM_TEMPORARY', `Slack unavailable: ${message}`, { cause: error });
}

/** The Slack API error name inside any error we hold, if there is one ("not_in_channel"). */
export function slackErrorName(error: unknown): string | undefined {
  const direct = (error as { data?: { error?: string } }).data?.error;
  if (direct) return direct;
  const cause = (error as { cause?: unknown }).cause;
  return cause ? slackErrorName(cause) : undefined;
}
