import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { loadHome } from '../../../views/home';
import { renderHome } from '../blocks/home';
import { type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';

export type { HomeExtension } from '../deps';

/** Publishes a person's App Home: their open slips and follow-ups, plus the manager view for managers. */
export async function publishHome(client: WebClient, deps: SlackDeps, tenant: string, user: string): Promise<void> {
  const extension = deps.home;
  const { home, isManager } = await loadHome(deps, tenant, user, deps.clock());
  const extra = isManager && extension ? await extension(tenant, user) : [];
  await client.views.publish({ user_id: user, view: renderHome(home, extra) });
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab !== 'home') return;
    const tenant = slackTenant(context.teamId ?? (body as { team_id?: string }).team_id, context.enterpriseId);
    try {
      await publishHome(client, deps, tenant, event.user);
    } catch (error) {
      explain(deps.log, error, { tenant, where: 'app home' });
    }
  });
}
