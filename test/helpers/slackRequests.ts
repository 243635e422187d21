import { createHmac } from 'node:crypto';

/* Requests as Slack sends them to the app: signed bodies, event envelopes, channel messages. */

export const SIGNING_SECRET = 'test-signing-secret';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function slackSignature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  status: number;
  body: string;
  json?: Record<string, unknown>;
}

/** POSTs a body to the app as Slack would: signed, with a fresh timestamp unless told otherwise. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: {
    timestamp?: number;
    signature?: string | null;
    secret?: string;
    headers?: Record<string, string>;
    /** Give up after this long: a request left hanging fails the test instead of stalling it. */
    timeoutMs?: number;
  } = {},
): Promise<SignedPost> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    ...options.headers,
  };
  const signature =
    options.signature === undefined ? slackSignature(body, timestamp, options.secret) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const response = await fetch(url, { method: 'POST', headers, body, signal });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body: text, json };
}

export function eventEnvelope(
  event: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
    ...overrides,
  };
}

export function channelMessage(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text, ts, event_ts: ts, ...overrides };
}
