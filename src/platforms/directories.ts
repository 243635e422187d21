import type { Directory } from '../playbook/permissions';

/** Routes manager questions to the tenant's own platform ("slack-…" to Slack, "teams-…" to Teams). */
export class PlatformDirectories implements Directory {
  constructor(private readonly byPlatform: Partial<Record<'slack' | 'teams', Directory>> = {}) {}

  /** Adds a platform once it exists (Teams is created after the core it reads from). */
  add(platform: 'slack' | 'teams', directory: Directory): void {
    this.byPlatform[platform] = directory;
  }

  async isPlatformManager(tenant: string, user: string): Promise<boolean> {
    return (await this.for(tenant)?.isPlatformManager(tenant, user)) ?? false;
  }

  async listPlatformManagers(tenant: string): Promise<string[]> {
    return (await this.for(tenant)?.listPlatformManagers?.(tenant)) ?? [];
  }

  async listWorkspaceAdmins(tenant: string): Promise<string[]> {
    return (await this.for(tenant)?.listWorkspaceAdmins?.(tenant)) ?? [];
  }

  private for(tenant: string): Directory | undefined {
    return this.byPlatform[tenant.split('-')[0] as 'slack' | 'teams'];
  }
}
