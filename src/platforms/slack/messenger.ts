import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../playbook/permissions';
import type { MessageRef, Messenger, Outbound } from '../../views/outbound';
import { renderOutbound } from './blocks/alerts';
import { slackApiError } from './errors';

/** Sends neutral views as Slack messages; API errors become PLATFORM_* AppErrors the worker can act on. */
export class SlackMessenger implements Messenger {
  constructor(private readonly clientFor: (tenant: string) => Promise<WebClient>) {}

  async sendDirect(tenant: string, user: string, message: Outbound): Promise<MessageRef> {
    return this.post(tenant, user, message);
  }

  async post(
    tenant: string,
    channel: string,
    message: Outbound,
    options: { threadRef?: string } = {},
  ): Promise<MessageRef> {
    const rendered = renderOutbound(message);
    try {
      const client = await this.clientFor(tenant);
      const result = await client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
        ...(options.threadRef ? { thread_ts: options.threadRef } : {}),
      });
      return { channel: String(result.channel ?? channel), ts: String(result.ts) };
    } catch (error) {
      throw slackApiError(error);
    }
  }

  async update(tenant: string, ref: MessageRef, message: Outbound): Promise<void> {
    const rendered = renderOutbound(message);
    try {
      const client = await this.clientFor(tenant);
      await client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: rendered.text,
        blocks: rendered.blocks as never,
      });
    } catch (error) {
      throw slackApiError(error);
    }
  }
}

/**
 * What Slack knows about managers: workspace owners and admins (users.info) and, when configured, the members of
 * a manager user group. Answers are cached for five minutes so every button press does not call Slack.
 */
export class SlackDirectory implements Directory {
  private readonly cache = new Map<string, { value: boolean | string[]; until: number }>();

  constructor(
    private readonly clientFor: (tenant: string) => Promise<WebClient>,
    private readonly options: { managerGroup?: string; ttlMs?: number; clock?: () => number } = {},
  ) {}

  async isPlatformManager(tenant: string, user: string): Promise<boolean> {
    if (!/^[UW][A-Z0-9]+$/.test(user)) return false;
    const admin = await this.cached(`admin:${tenant}:${user}`, async () => {
      const info = await (await this.clientFor(tenant)).users.info({ user });
      const u = info.user as { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } | undefined;
      return Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
    });
    if (admin === true) return true;
    return (await this.listPlatformManagers(tenant)).includes(user);
  }

  async listPlatformManagers(tenant: string): Promise<string[]> {
    const group = this.options.managerGroup;
    if (!group) return [];
    const members = await this.cached(`group:${tenant}`, async () => {
      const result = await (await this.clientFor(tenant)).usergroups.users.list({ usergroup: group });
      return (result.users ?? []) as string[];
    });
    return Array.isArray(members) ? members : [];
  }

  private async cached<T extends boolean | string[]>(key: string, load: () => Promise<T>): Promise<T | false> {
    const now = (this.options.clock ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.value as T;
    try {
      const value = await load();
      this.cache.set(key, { value, until: now + (this.options.ttlMs ?? 5 * 60_000) });
      return value;
    } catch {
      // Slack unreachable or the scope missing: treat as "not a manager" rather than failing the request
      return false;
    }
  }
}
