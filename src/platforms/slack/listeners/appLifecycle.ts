import type { App, InstallationStore } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { slackTenant } from '../deps';

/**
 * Uninstalls and revoked tokens: drop the workspace's installation (its bot token) so nothing tries to use it.
 * The workspace's slips stay in Redis until retention deletes them, so a reinstall picks up where it left off.
 */
export function registerAppLifecycle(app: App, deps: SlackDeps, installations?: InstallationStore): void {
  const forget = async (teamId: string | undefined, enterpriseId: string | undefined, why: string) => {
    const tenant = slackTenant(teamId, enterpriseId);
    deps.log.warn({ tenant, code: 'PLATFORM_PERMANENT' }, `Slack ${why}: forgetting the installation`);
    await installations?.deleteInstallation?.({
      teamId,
      enterpriseId,
      isEnterpriseInstall: !teamId && Boolean(enterpriseId),
    } as never);
  };
  app.event(/^(app_uninstalled|tokens_revoked)$/, async ({ event, context }) => {
    const revoked = event as { type: string; tokens?: { bot?: string[] } };
    if (revoked.type === 'app_uninstalled') await forget(context.teamId, context.enterpriseId, 'app uninstalled');
    else if ((revoked.tokens?.bot ?? []).length > 0)
      await forget(context.teamId, context.enterpriseId, 'bot token revoked');
  });
}
