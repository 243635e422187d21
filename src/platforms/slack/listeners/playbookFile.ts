import type { WebClient } from '@slack/web-api';
import { AppError } from '../../../errors';

/**
 * The text of a file attached in the import modal. Its download URL comes from files.info (Slack's answer, not the
 * submitted payload), so the bot token is only ever sent to Slack's own file host.
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
  const response = await fetch(file.url_private, { headers: { authorization: `Bearer ${client.token}` } });
  if (!response.ok) throw new AppError('PLATFORM_TEMPORARY', `Could not download the file (HTTP ${response.status}).`);
  const text = await response.text();
  if (text.length > MAX_IMPORT_BYTES)
    throw new AppError('BAD_INPUT', 'That file is larger than 512 KB; a playbook is far smaller.');
  return text;
}

const MAX_IMPORT_BYTES = 512 * 1024;
