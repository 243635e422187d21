import type { ConversationRef } from './activity';

/** A person as Teams knows them: the id to message them by ("29:…") and their display name. */
export interface TeamsPerson {
  teamsId: string;
  name: string;
}

/**
 * What the Teams side remembers to reach people and channels later (proactive reminders and handoffs): the latest
 * conversation reference per channel and per person's 1:1 chat, refreshed on every inbound activity (Teams may move
 * a tenant to another serviceUrl), and the people seen, by the id the core stores them under.
 */
export interface TeamsReferenceStore {
  saveConversation(tenant: string, key: string, ref: ConversationRef): Promise<void>;
  conversation(tenant: string, key: string): Promise<ConversationRef | undefined>;
  /** Any recent conversation of the tenant (to open a 1:1 chat through its serviceUrl). */
  latest(tenant: string): Promise<ConversationRef | undefined>;
  savePerson(tenant: string, person: string, info: TeamsPerson): Promise<void>;
  person(tenant: string, person: string): Promise<TeamsPerson | undefined>;
  people(tenant: string, persons: string[]): Promise<Map<string, TeamsPerson>>;
  /** Everyone seen in the tenant (by the id the core stores them under), for pickers; at most `limit`. */
  everyone(tenant: string, limit: number): Promise<Array<TeamsPerson & { person: string }>>;
  /** Teams the bot is in (team id → a conversation in it), for team-owner checks. */
  saveTeam(tenant: string, teamId: string, ref: ConversationRef): Promise<void>;
  teams(tenant: string): Promise<Array<{ teamId: string; ref: ConversationRef }>>;
}

/** The key of a channel's reference, and of a person's 1:1 chat. */
export const channelKey = (channel: string) => `channel:${channel}`;
export const personalKey = (person: string) => `personal:${person}`;
