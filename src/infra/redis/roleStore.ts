import type { Redis } from 'ioredis';
import type { RoleStore } from '../../playbook/permissions';
import { guarded, Keys } from './connection';

/** Granted roles: one hash per tenant, user → playbook role id. */
export class RedisRoleStore implements RoleStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async get(tenant: string, user: string): Promise<string | undefined> {
    return (await guarded('read role', () => this.redis.hget(this.key(tenant), user))) ?? undefined;
  }

  async set(tenant: string, user: string, roleId: string | undefined): Promise<void> {
    await guarded('write role', () =>
      roleId === undefined ? this.redis.hdel(this.key(tenant), user) : this.redis.hset(this.key(tenant), user, roleId),
    );
  }

  async list(tenant: string): Promise<Array<{ user: string; roleId: string }>> {
    const all = await guarded('read roles', () => this.redis.hgetall(this.key(tenant)));
    return Object.entries(all).map(([user, roleId]) => ({ user, roleId }));
  }

  private key(tenant: string): string {
    return this.keys.tenant(tenant, 'roles');
  }
}
