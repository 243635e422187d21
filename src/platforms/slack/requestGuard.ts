import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest } from '@slack/bolt';
import { readBody, send } from '../../infra/http/server';
import type { Logger } from '../../log';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  /** Bodies above this are refused with 413 before anything reads them. */
  bodyLimit: number;
  log: Logger;
}

/**
 * Reads a POST to /slack/events before Bolt does and answers at once, with a 400 that says what is wrong, the signed
 * bodies Bolt cannot handle: a body that is not a JSON object (Bolt's receiver throws on `null` outside any handler
 * and leaves the request hanging) and a slash command without its workspace (no listener takes it, so Bolt answers
 * 404 after its 3 s wait). Unsigned requests go on to Bolt untouched, which refuses them with 401. The body read
 * here is handed to Bolt as `rawBody`, which its receiver uses instead of reading the stream again.
 */
export function guardSlackRequests(listener: Listener, options: SlackRequestGuardOptions): Listener {
  return (req, res) => {
    if (req.method !== 'POST') return listener(req, res);
    readBody(req, options.bodyLimit).then(
      (raw) => {
        if (raw === 'too large')
          return send(res, 413, { error: `The request body is larger than ${options.bodyLimit} bytes.` });
        const problem = signedBy(req, raw, options.signingSecret) ? shapeProblem(raw, req) : undefined;
        if (!problem) {
          (req as IncomingMessage & { rawBody: Buffer }).rawBody = raw;
          return listener(req, res);
        }
        options.log.warn({ code: 'BAD_INPUT', problem }, 'refused a signed Slack request Bolt cannot handle');
        send(res, 400, { error: problem });
      },
      // the caller hung up mid-body: nobody is left to answer
      () => res.destroy(),
    );
  };
}

/** What is wrong with a signed body, in a sentence; undefined when Bolt can take it. */
export function shapeProblem(raw: Buffer, req: IncomingMessage): string | undefined {
  const text = raw.toString();
  const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const fields = form ? parseQuery(text) : undefined;
  const json = fields ? fields.payload : text;
  if (typeof json === 'string') {
    const body = parseJson(json);
    // unparseable JSON is Bolt's to refuse (it answers 400 "malformed" at once)
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body)))
      return 'The request body must be a JSON object (a Slack event or interaction payload).';
    return undefined;
  }
  if (fields?.command && !fields.team_id)
    return 'This slash command did not say which Slack workspace it came from (team_id is missing).';
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: undefined tells the caller to leave the answer to Bolt
    return undefined;
  }
}

function signedBy(req: IncomingMessage, raw: Buffer, signingSecret: string): boolean {
  try {
    verifySlackRequest({
      signingSecret,
      body: raw.toString(),
      headers: {
        'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
        'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
      },
    });
    return true;
  } catch {
    // not signed by Slack: Bolt answers it (401) exactly as before
    return false;
  }
}
