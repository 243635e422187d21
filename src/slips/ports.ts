import type { Playbook } from '../playbook/schema';
import type { Platform, Slip } from './slip';

/** A chat message, translated from Slack, Teams or the shell into one neutral shape. */
export interface IncomingMessage {
  /** Workspace/tenant id, platform-prefixed ("slack-T123", "teams-<tenant>", "shell-local"). */
  tenant: string;
  platform: Platform;
  channel: string;
  /** The message's own id (Slack ts, Teams activity id). */
  messageRef: string;
  /** The thread to reply in; the message itself when it starts one. */
  threadRef?: string;
  user: string;
  text: string;
}

/** A tenant's playbook as read now. `cacheKey`, when given, names this exact playbook for compiled caches. */
export interface CurrentPlaybook {
  playbook: Playbook;
  version: number;
  cacheKey?: string;
}

/** The tenant's current playbook and its version number. */
export interface PlaybookSource {
  current(tenant: string): Promise<CurrentPlaybook>;
}

/** The key the coach caches a compiled playbook under: new version, new key. */
export function playbookCacheKey(tenant: string, current: CurrentPlaybook): string {
  return current.cacheKey ?? `${tenant}@${current.version}`;
}

/** Who holds which playbook role (server, shift_lead…); undefined means the playbook's default role. */
export interface RoleResolver {
  roleOf(tenant: string, user: string): Promise<string | undefined>;
}

/** Which channels the bot watches for slips. */
export interface ChannelWatch {
  isWatched(tenant: string, channel: string): Promise<boolean>;
}

/** Schedules and cancels follow-up reminders (BullMQ in production). */
export interface FollowUpScheduler {
  /** Idempotent per slip and purpose: scheduling again moves the reminder. */
  schedule(slip: Slip): Promise<void>;
  cancel(slip: Slip): Promise<void>;
}

/** Tells the managers on duty about a slip that needs them, at once. */
export interface ManagerAlerts {
  escalate(slip: Slip, reason: string): Promise<void>;
}

export type Clock = () => number;

/** Seen-once claims by scope and id, kept a while (a platform's retries and redeliveries). */
export interface OnceStore {
  /** True the first time the id is seen in the scope. */
  first(scope: string, id: string, ttlSeconds: number): Promise<boolean>;
  /** Lets the id be seen again (the work it claimed failed, so a retry may finish it). */
  forget(scope: string, id: string): Promise<void>;
}

/** Short-lived values handed out by id (a preview waiting to be posted, an offer waiting for a tap). */
export interface DraftStore<T> {
  put(tenant: string, value: T): Promise<string>;
  /** The value, once: a second take finds nothing. */
  take(tenant: string, id: string): Promise<T | undefined>;
}
