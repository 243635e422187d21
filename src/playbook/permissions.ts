import { AppError } from '../errors';
import type { PlaybookSource, RoleResolver } from '../slips/ports';
import { findRole, type Permission, type Playbook, type Role } from './schema';

/** Roles managers granted, per tenant and user (playbook role ids: shift_lead, manager…). */
export interface RoleStore {
  get(tenant: string, user: string): Promise<string | undefined>;
  /** `undefined` revokes the grant (back to the playbook's default role). */
  set(tenant: string, user: string, roleId: string | undefined): Promise<void>;
  /** Every explicit grant in the tenant. */
  list(tenant: string): Promise<Array<{ user: string; roleId: string }>>;
}

/** What the chat platform itself knows about a person (workspace admins, team owners, a manager group). */
export interface Directory {
  isPlatformManager(tenant: string, user: string): Promise<boolean>;
  /** Managers the platform can name (e.g. a Slack user group's members), for alerts. */
  listPlatformManagers?(tenant: string): Promise<string[]>;
  /**
   * The workspace's owners and admins (Slack), for what must reach someone when nobody is named a manager (the
   * weekly digest). Throws when the platform cannot be asked now, so the caller retries rather than skips.
   */
  listWorkspaceAdmins?(tenant: string): Promise<string[]>;
}

export interface PermissionsOptions {
  roles: RoleStore;
  playbooks: PlaybookSource;
  /** User ids named in config (MANAGER_USER_IDS, TEAMS_MANAGER_IDS). */
  configManagers?: string[];
  directory?: Directory;
}

const RANK: Record<Permission, number> = { staff: 0, lead: 1, manager: 2 };

/**
 * Who may do what. Managers are: users named in config, the platform's own admins/owners or manager group, and
 * anyone granted a manager role. Every check runs on the server for every action.
 */
export class Permissions implements RoleResolver {
  constructor(private readonly options: PermissionsOptions) {}

  /** The user's playbook role id: a grant, else "manager" for platform/config managers, else the default role. */
  async roleOf(tenant: string, user: string): Promise<string | undefined> {
    const granted = await this.options.roles.get(tenant, user);
    if (granted) return granted;
    if (await this.isBuiltInManager(tenant, user)) {
      const { playbook } = await this.options.playbooks.current(tenant);
      return seniorManagerRole(playbook).id;
    }
    return undefined;
  }

  async role(tenant: string, user: string): Promise<Role> {
    const { playbook } = await this.options.playbooks.current(tenant);
    return findRole(playbook, await this.roleOf(tenant, user));
  }

  async permissionOf(tenant: string, user: string): Promise<Permission> {
    if (await this.isBuiltInManager(tenant, user)) return 'manager';
    return (await this.role(tenant, user)).permission;
  }

  async isManager(tenant: string, user: string): Promise<boolean> {
    return (await this.permissionOf(tenant, user)) === 'manager';
  }

  /** Throws FORBIDDEN (nothing changes) unless the user has at least `needed`. */
  async require(tenant: string, user: string, needed: Permission, what: string): Promise<void> {
    const has = await this.permissionOf(tenant, user);
    if (RANK[has] < RANK[needed])
      throw new AppError(
        'FORBIDDEN',
        `Only ${needed === 'manager' ? 'managers' : 'shift leads and managers'} can ${what}.`,
        {
          details: { tenant, needed, has },
        },
      );
  }

  /** Grants a playbook role; only managers may, and only roles the playbook has. */
  async grant(tenant: string, by: string, user: string, roleId: string | undefined): Promise<Role | undefined> {
    await this.require(tenant, by, 'manager', 'grant roles');
    const { playbook } = await this.options.playbooks.current(tenant);
    if (roleId !== undefined && !playbook.roles.some((r) => r.id === roleId))
      throw new AppError(
        'BAD_INPUT',
        `There is no role "${roleId}". Roles: ${playbook.roles.map((r) => r.id).join(', ')}.`,
      );
    if (by === user && roleId !== undefined && RANK[findRole(playbook, roleId).permission] < RANK.manager)
      throw new AppError('BAD_INPUT', "You can't demote yourself; ask another manager.");
    await this.options.roles.set(tenant, user, roleId);
    return roleId === undefined ? undefined : findRole(playbook, roleId);
  }

  /** Everyone we know to be a manager: config, platform group and manager grants. */
  async managers(tenant: string): Promise<string[]> {
    const { playbook } = await this.options.playbooks.current(tenant);
    const managerRoles = new Set(playbook.roles.filter((r) => r.permission === 'manager').map((r) => r.id));
    const granted = (await this.options.roles.list(tenant))
      .filter((g) => managerRoles.has(g.roleId))
      .map((g) => g.user);
    const platform = (await this.options.directory?.listPlatformManagers?.(tenant)) ?? [];
    return [...new Set([...(this.options.configManagers ?? []), ...platform, ...granted])];
  }

  private async isBuiltInManager(tenant: string, user: string): Promise<boolean> {
    if (this.options.configManagers?.includes(user)) return true;
    return (await this.options.directory?.isPlatformManager(tenant, user)) ?? false;
  }
}

/** The manager role with the highest tier and comp limit. */
export function seniorManagerRole(playbook: Playbook): Role {
  const managers = playbook.roles.filter((r) => r.permission === 'manager');
  return managers.sort((a, b) => b.tier - a.tier || b.compLimit - a.compLimit)[0] ?? findRole(playbook, undefined);
}

/**
 * A role as a manager types it: a role id ("shift_lead"), or "lead" / "manager" for the playbook's first lead role
 * and its senior manager role; "staff" means back to the default. Undefined result = revoke.
 */
export function resolveRoleWord(playbook: Playbook, word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  const normal = word.toLowerCase().replace(/[\s-]+/g, '_');
  if (playbook.roles.some((r) => r.id === normal)) return normal;
  if (normal === 'lead' || normal === 'shift_lead' || normal === 'shiftlead')
    return playbook.roles.find((r) => r.permission === 'lead')?.id ?? normal;
  if (normal === 'manager' || normal === 'mgr') return seniorManagerRole(playbook).id;
  return normal;
}
