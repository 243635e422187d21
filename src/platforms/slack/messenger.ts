import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { render } from '../../conversation/catalogue';
import { AppError } from '../../errors';
import type { Directory } from '../../playbook/permissions';
import type { PrivateCopies } from '../../slips/privateCopies';
import type { Slip } from '../../slips/slip';
import {
  type DeliveryCheck,
  type DeliveryTarget,
  type MessageRef,
  type Messenger,
  type Outbound,
  type SendOptions,
  sendThreadReplies,
} from '../../views/outbound';
import type { RecoveryCardView } from '../../views/recoveryCard';
import { renderOutbound, renderOutboundWithReplies } from './blocks/alerts';
import { LIMITS, truncate } from './blocks/text';
import { slackApiError } from './errors';
import { refreshManagerCopies } from './privateCopies';
import { SLACK_STYLE } from './style';

const DELIVERY_EVENT = 'rc_delivery';
/** How many pages of history a delivery check reads before it gives up as "can't tell". */
const MAX_HISTORY_PAGES = 10;

/**
 * Sends neutral views as Slack messages; API errors become PLATFORM_* AppErrors the worker can act on. Messages
 * carry their delivery key as Slack message metadata, so a retry can look in the channel to see whether an earlier
 * attempt got through.
 */
export class SlackMessenger implements Messenger {
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly clientFor: (tenant: string) => Promise<WebClient>,
    /** A private slip's managers' copies, redrawn with its card (updateCard). */
    private readonly copies?: PrivateCopies,
  ) {}

  async sendDirect(tenant: string, user: string, message: Outbound, options: SendOptions = {}): Promise<MessageRef> {
    return this.post(tenant, await this.dmChannel(tenant, user), message, options);
  }

  async post(tenant: string, channel: string, message: Outbound, options: SendOptions = {}): Promise<MessageRef> {
    if (message.kind === 'digest') return this.postDigest(tenant, channel, message, options);
    const rendered = renderOutboundWithReplies(message);
    if (!rendered) return { channel, ts: '' };
    const metadata = options.deliveryKey
      ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key: options.deliveryKey } } }
      : {};
    try {
      const client = await this.clientFor(tenant);
      const result = await client.chat.postMessage({
        channel,
        text: rendered.message.text,
        blocks: rendered.message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(options.threadRef ? { thread_ts: options.threadRef } : {}),
        ...metadata,
      });
      const ts = String(result.ts);
      // replies that belong to it (a big handoff's full list) go in its thread; the message is posted now, whatever
      // happens to them
      await sendThreadReplies(rendered.replies, (reply) =>
        client.chat
          .postMessage({ channel, thread_ts: ts, text: reply.text, blocks: reply.blocks, unfurl_links: false })
          .catch((error) => {
            throw slackApiError(error);
          }),
      );
      return { channel: String(result.channel ?? channel), ts };
    } catch (error) {
      throw slackApiError(error);
    }
  }

  /**
   * The weekly digest: the chart's PNG uploaded with files.uploadV2 (getUploadURLExternal, the bytes, then
   * completeUploadExternal sharing it here) with the digest's words as its comment and the alt text on the image. A
   * file share carries no message metadata, so the delivery key goes in the file's name (see wasDelivered).
   */
  private async postDigest(
    tenant: string,
    channel: string,
    message: Extract<Outbound, { kind: 'digest' }>,
    options: SendOptions,
  ): Promise<MessageRef> {
    const { digest, png } = message;
    try {
      const client = await this.clientFor(tenant);
      await client.files.uploadV2({
        channel_id: channel,
        file: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
        filename: digestFileName(digest.week, options.deliveryKey),
        title: `Slips per day, week ${digest.week}`,
        alt_text: truncate(render(digest.alt, SLACK_STYLE), 1000),
        initial_comment: truncate(render(digest.text, SLACK_STYLE), LIMITS.fallbackText),
      });
      return { channel, ts: '' };
    } catch (error) {
      throw slackApiError(error);
    }
  }

  /** The card where it lives, then a private slip's managers' copies (best effort: they never fail the redraw). */
  async updateCard(slip: Slip, card: RecoveryCardView): Promise<void> {
    if (!slip.cardRef) return;
    await this.update(
      slip.tenant,
      { channel: slip.cardChannel ?? slip.channel, ts: slip.cardRef },
      { kind: 'card', card },
    );
    if (!slip.private || !this.copies) return;
    const client = await this.clientFor(slip.tenant);
    await refreshManagerCopies(
      client,
      this.copies,
      slip,
      renderOutbound({ kind: 'card', card }),
      () => undefined,
    ).catch(() => undefined);
  }

  async update(tenant: string, ref: MessageRef, message: Outbound): Promise<void> {
    const rendered = renderOutbound(message);
    try {
      const client = await this.clientFor(tenant);
      await client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: rendered.text,
        blocks: rendered.blocks,
      });
    } catch (error) {
      throw slackApiError(error);
    }
  }

  /**
   * Looks for a message carrying `deliveryKey` posted since `since` (in the DM, or anywhere in the channel). Any
   * Slack error is thrown as "can't tell" (a 429 with its Retry-After): only a full read that finds nothing is
   * "absent".
   */
  async wasDelivered(
    tenant: string,
    target: DeliveryTarget,
    deliveryKey: string,
    since: number,
  ): Promise<DeliveryCheck> {
    const channel = target.user ? await this.dmChannel(tenant, target.user) : target.channel;
    if (!channel) return 'unverifiable';
    const oldest = String(Math.max(0, since - 60_000) / 1000);
    try {
      const client = await this.clientFor(tenant);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const query = { channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
        // thread replies do not show in channel history: read the thread itself
        const found = target.threadRef
          ? await client.conversations.replies({ ...query, ts: target.threadRef })
          : await client.conversations.history(query);
        if (((found.messages ?? []) as TaggedMessage[]).some((m) => isDelivery(m, deliveryKey))) return 'delivered';
        cursor = found.response_metadata?.next_cursor || undefined;
        if (!cursor) return 'absent';
      }
    } catch (error) {
      throw slackApiError(error);
    }
    throw new AppError('PLATFORM_TEMPORARY', `more than ${MAX_HISTORY_PAGES * 200} messages to search in ${channel}`);
  }

  /** The bot's DM channel with a person (conversations.open), remembered per process. */
  private async dmChannel(tenant: string, user: string): Promise<string> {
    const cached = this.dms.get(`${tenant}|${user}`);
    if (cached) return cached;
    try {
      const opened = await (await this.clientFor(tenant)).conversations.open({ users: user });
      const id = (opened.channel as { id?: string } | undefined)?.id;
      if (!id) throw new Error('conversations.open returned no channel');
      this.dms.set(`${tenant}|${user}`, id);
      return id;
    } catch (error) {
      throw slackApiError(error);
    }
  }
}

type TaggedMessage = {
  metadata?: { event_type?: string; event_payload?: { key?: string } };
  files?: Array<{ name?: string }>;
};

function isDelivery(message: TaggedMessage, key: string): boolean {
  if (message.metadata?.event_type === DELIVERY_EVENT && message.metadata.event_payload?.key === key) return true;
  // a file share (the digest's chart) is tagged by its name
  const tag = `-${deliveryTag(key)}.png`;
  return (message.files ?? []).some((f) => f.name?.endsWith(tag));
}

/** A short, stable tag for a delivery key, safe in a file name. */
function deliveryTag(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The digest chart's file name: the week, and the delivery key's tag when there is one. */
export function digestFileName(week: string, deliveryKey?: string): string {
  const safeWeek = week.replace(/[^0-9A-Za-z-]/g, '');
  return `recovery-digest-${safeWeek}${deliveryKey ? `-${deliveryTag(deliveryKey)}` : ''}.png`;
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

  /**
   * The workspace's owners and admins (users.list, every page; bots, deactivated accounts and guests left out),
   * remembered like the rest. A failure throws (nothing remembered), so a digest waiting on it is retried, not
   * skipped.
   */
  async listWorkspaceAdmins(tenant: string): Promise<string[]> {
    const key = `admins:${tenant}`;
    const now = (this.options.clock ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && hit.until > now && Array.isArray(hit.value)) return hit.value;
    const client = await this.clientFor(tenant);
    const admins: string[] = [];
    let cursor: string | undefined;
    // 200 a page, up to 100 pages (20,000 members): a cursor that never ends cannot hold a worker
    for (let pages = 0; pages === 0 || (cursor && pages < 100); pages++) {
      const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      for (const member of page.members ?? [])
        if (
          member.id &&
          !member.deleted &&
          !member.is_bot &&
          !member.is_restricted &&
          (member.is_owner || member.is_admin || member.is_primary_owner)
        )
          admins.push(member.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    }
    this.cache.set(key, { value: admins, until: now + (this.options.ttlMs ?? 5 * 60_000) });
    return admins;
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
