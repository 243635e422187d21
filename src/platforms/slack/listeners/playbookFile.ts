import type { WebClient } from '@slack/web-api';
import { AppError } from '../../../errors';
import { MAX_PLAYBOOK_BYTES, playbookTooLarge } from '../../../playbook/load';

/**
 * The text of a file attached in the import modal. Its download URL comes from files.info (Slack's answer, not the
 * submitted payload), and is fetched only from Slack's own file hosts (or the configured Web API host: GovSlack, a
 * proxy, tests), so the bot token is never sent anywhere else. Callers check the manager role first.
 *
 * No more than MAX_PLAYBOOK_BYTES (counted in bytes, as the CLI and the YAML parser count them) is ever read: a
 * size over it that Slack reports or the download declares is refused before reading, and the download itself is
 * read as a stream and cut off (the request aborted) as soon as it passes the limit, so a file whose size was not
 * known, or was wrong, never fills memory.
 */
export async function uploadedText(client: WebClient, values: unknown): Promise<string | undefined> {
  const files = (values as Record<string, Record<string, { files?: Array<{ id?: string }> }>>).file?.value?.files;
  const id = files?.[0]?.id;
  if (!id) return undefined;
  const info = await client.files.info({ file: id });
  const file = info.file as { url_private?: string; size?: number } | undefined;
  if (!file?.url_private) throw new AppError('BAD_INPUT', 'Slack did not give us that file; attach it again.');
  if ((file.size ?? 0) > MAX_PLAYBOOK_BYTES) throw tooLarge();
  if (!isSlackFileHost(file.url_private, client.slackApiUrl))
    throw new AppError('BAD_INPUT', 'That file is not on Slack; attach it again.');
  const download = new AbortController();
  try {
    const response = await fetch(file.url_private, {
      headers: { authorization: `Bearer ${client.token}` },
      signal: download.signal,
    });
    if (!response.ok)
      throw new AppError('PLATFORM_TEMPORARY', `Could not download the file (HTTP ${response.status}).`);
    if (Number(response.headers.get('content-length') ?? 0) > MAX_PLAYBOOK_BYTES) throw tooLarge();
    return (await readAtMost(response, MAX_PLAYBOOK_BYTES)).toString('utf8');
  } finally {
    // a download cut short (too large, or failed) stops here: the connection is closed, nothing more is read
    download.abort();
  }
}

/** The body, read chunk by chunk; past `limit` bytes the read stops and the file is refused as too large. */
async function readAtMost(response: Response, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(): AppError {
  return new AppError('BAD_INPUT', playbookTooLarge('That file'));
}

/** Slack's file hosts (commercial and GovSlack), over https, or the host the Web API itself is configured at. */
export function isSlackFileHost(url: string, apiUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const api = new URL(apiUrl);
  if (target.host === api.host && target.protocol === api.protocol) return true;
  return target.protocol === 'https:' && ['files.slack.com', 'files.slack-gov.com'].includes(target.hostname);
}
