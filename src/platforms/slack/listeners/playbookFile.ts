import type { WebClient } from '@slack/web-api';
import { AppError } from '../../../errors';

/**
 * The text of a file attached in the import modal. Its download URL comes from files.info (Slack's answer, not the
 * submitted payload), and is fetched only from Slack's own file hosts (or the configured Web API host: GovSlack, a
 * proxy, tests), so the bot token is never sent anywhere else. Callers check the manager role first.
 */
export async function uploadedText(client: WebClient, values: unknown): Promise<string | undefined> {
  const files = (values as Record<string, Record<string, { files?: Array<{ id?: string }> }>>).file?.value?.files;
  const id = files?.[0]?.id;
  if (!id) return undefined;
  const info = await client.files.info({ file: id });
  const file = info.file as { url_private?: string; size?: number } | undefined;
  if (!file?.url_private) throw new AppError('BAD_INPUT', 'Slack did not give us that file; attach it again.');
  if ((file.size ?? 0) > MAX_IMPORT_BYTES)
    throw new AppError('BAD_INPUT', 'That file is larger than 512 KB; a playbook is far smaller.');
  if (!isSlackFileHost(file.url_private, client.slackApiUrl))
    throw new AppError('BAD_INPUT', 'That file is not on Slack; attach it again.');
  const response = await fetch(file.url_private, { headers: { authorization: `Bearer ${client.token}` } });
  if (!response.ok) throw new AppError('PLATFORM_TEMPORARY', `Could not download the file (HTTP ${response.status}).`);
  const text = await response.text();
  if (text.length > MAX_IMPORT_BYTES)
    throw new AppError('BAD_INPUT', 'That file is larger than 512 KB; a playbook is far smaller.');
  return text;
}

const MAX_IMPORT_BYTES = 512 * 1024;

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
