import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Redis } from 'ioredis';
import { AppError } from '../../errors';
import { guarded, Keys } from './connection';

/**
 * Slack OAuth installations in Redis, one key per workspace (or Enterprise Grid org for org-wide installs). Bot
 * tokens stay in the venue's own Redis; an uninstall deletes them.
 */
export class RedisSlackInstallationStore implements InstallationStore {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    options: { prefix?: string } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
    if (!id) throw new AppError('BAD_INPUT', 'Slack installation has no team or enterprise id');
    await guarded('store installation', () => this.redis.set(this.key(id), JSON.stringify(installation)));
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    const json = id ? await guarded('read installation', () => this.redis.get(this.key(id))) : null;
    if (!json)
      throw new AppError('NOT_FOUND', `recovery-coach is not installed in Slack workspace ${id ?? '(unknown)'}`);
    return JSON.parse(json) as Installation<'v1' | 'v2', boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    if (id) await guarded('delete installation', () => this.redis.del(this.key(id)));
  }

  private key(id: string): string {
    return this.keys.global('slack-installation', id);
  }
}
