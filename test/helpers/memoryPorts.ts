import { Conversation } from '../../src/conversation/conversation';
import { Permissions, type RoleStore } from '../../src/playbook/permissions';
import type { ChannelStore, WatchedChannel } from '../../src/slips/channels';
import type { PlaybookSource } from '../../src/slips/ports';
import type { SlipService } from '../../src/slips/service';

/** Role grants in memory (unit tests of the core; Redis has its own store and tests). */
export class MemoryRoleStore implements RoleStore {
  private readonly grants = new Map<string, string>();
  async get(tenant: string, user: string) {
    return this.grants.get(`${tenant}|${user}`);
  }
  async set(tenant: string, user: string, roleId: string | undefined) {
    if (roleId) this.grants.set(`${tenant}|${user}`, roleId);
    else this.grants.delete(`${tenant}|${user}`);
  }
  async list(tenant: string) {
    return [...this.grants]
      .filter(([key]) => key.startsWith(`${tenant}|`))
      .map(([key, roleId]) => ({ user: key.slice(tenant.length + 1), roleId }));
  }
}

/** Watched channels in memory. */
export class MemoryChannelStore implements ChannelStore {
  private readonly watched = new Map<string, WatchedChannel>();
  async watch(channel: WatchedChannel) {
    this.watched.set(`${channel.tenant}|${channel.channel}`, channel);
  }
  async unwatch(tenant: string, channel: string) {
    return this.watched.delete(`${tenant}|${channel}`);
  }
  async list(tenant: string) {
    return [...this.watched.values()].filter((c) => c.tenant === tenant);
  }
  async tenants() {
    return [...new Set([...this.watched.values()].map((c) => c.tenant))];
  }
  async isWatched(tenant: string, channel: string) {
    return this.watched.has(`${tenant}|${channel}`);
  }
}

/** The conversation over a service, with in-memory roles and channels; `managers` are managers by config. */
export function conversationWith(
  service: SlipService,
  playbooks: PlaybookSource,
  managers: string[] = [],
): Conversation {
  const roles = new MemoryRoleStore();
  return new Conversation({
    service,
    playbooks,
    permissions: new Permissions({ roles, playbooks, configManagers: managers }),
    channels: new MemoryChannelStore(),
    clock: Date.now,
  });
}
