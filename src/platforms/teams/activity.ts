import { decodeHTMLStrict } from 'entities';

/**
 * The parts of a Bot Framework activity we read, as plain JSON types of our own: the rest of the Teams code never
 * sees botbuilder's classes, so a move to another SDK touches only connector.ts.
 */
export interface TeamsAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface TeamsActivity {
  type: string;
  id?: string;
  name?: string;
  text?: string;
  textFormat?: string;
  serviceUrl: string;
  channelId: string;
  from: TeamsAccount;
  recipient: TeamsAccount;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  replyToId?: string;
  value?: unknown;
  entities?: Array<{ type: string; mentioned?: TeamsAccount; text?: string }>;
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    channel?: { id?: string; name?: string };
    teamsChannelId?: string;
    teamsTeamId?: string;
    eventType?: string;
  };
  membersAdded?: TeamsAccount[];
  membersRemoved?: TeamsAccount[];
}

/** What we keep to reach a conversation again without an inbound activity (a proactive message). */
export interface ConversationRef {
  serviceUrl: string;
  conversationId: string;
  tenantId: string;
  conversationType: 'channel' | 'personal' | 'groupChat';
  /** The bot as Teams addressed it ("28:<app id>"). */
  botId: string;
}

/** Our tenant id for a Microsoft 365 tenant. */
export function teamsTenant(activity: TeamsActivity): string | undefined {
  const id = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  return id ? `teams-${id}` : undefined;
}

export function aadTenantOf(tenant: string): string {
  return tenant.replace(/^teams-/, '');
}

/**
 * Who did it, as we store people: the Entra (AAD) object id when Teams sends one (stable everywhere, and what
 * TEAMS_MANAGER_IDS names), else the Teams user id.
 */
export function personOf(account: TeamsAccount): string {
  return account.aadObjectId ?? account.id;
}

/** The channel a channel message belongs to (without the thread suffix), or undefined outside channels. */
export function channelOf(activity: TeamsActivity): string | undefined {
  if (activity.conversation.conversationType !== 'channel') return undefined;
  return activity.channelData?.channel?.id ?? activity.conversation.id.split(';')[0];
}

/** The root message of the thread a channel activity is in ("…;messageid=<root>"). */
export function threadRootOf(activity: TeamsActivity): string | undefined {
  return /;messageid=([^;]+)/.exec(activity.conversation.id)?.[1];
}

/** A new post in a channel (not a reply in a thread): Teams names the thread after the post itself. */
export function isTopLevelPost(activity: TeamsActivity): boolean {
  const root = threadRootOf(activity);
  return root !== undefined ? root === activity.id : !activity.replyToId;
}

/**
 * The words a person typed: the bot's own @mention removed (others become "@Name"), HTML entities Teams adds
 * decoded, whitespace tidied.
 */
export function cleanText(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || !entity.text) continue;
    const replacement = entity.mentioned?.id === activity.recipient.id ? '' : `@${entity.mentioned?.name ?? ''}`;
    text = text.split(entity.text).join(replacement);
  }
  return decodeEntities(text.replace(/<\/?at>/g, ''))
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * The HTML entities Teams writes into message text, decoded in one pass, so each is decoded once: someone who
 * typed "&lt;" (sent as "&amp;lt;") reads "&lt;", not "<". Strict: only entities that end in ";" (Teams writes
 * them so), so a bare "AT&T" stays as it is. A no-break space counts as a space.
 */
export function decodeEntities(text: string): string {
  return decodeHTMLStrict(text).replace(/\u00a0/g, ' ');
}

/** Whether the bot was @mentioned. */
export function mentionsBot(activity: TeamsActivity): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && e.mentioned?.id === activity.recipient.id);
}

/** The people @mentioned other than the bot. */
export function mentionedPeople(activity: TeamsActivity): TeamsAccount[] {
  return (activity.entities ?? [])
    .filter((e) => e.type === 'mention' && e.mentioned && e.mentioned.id !== activity.recipient.id)
    .map((e) => e.mentioned!);
}

export function referenceOf(activity: TeamsActivity, conversationId = activity.conversation.id): ConversationRef {
  const type = activity.conversation.conversationType;
  return {
    serviceUrl: activity.serviceUrl,
    conversationId,
    tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? '',
    conversationType: type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal',
    botId: activity.recipient.id,
  };
}
