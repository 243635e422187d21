import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildHome } from '../../../views/home';
import { renderHome } from '../blocks/home';
import { type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';

const WEEK_MS = 7 * 24 * 60 * 60_000;

export type { HomeExtension } from '../deps';

/** Publishes a person's App Home: their open slips and follow-ups, plus the manager view for managers. */
export async function publishHome(client: WebClient, deps: SlackDeps, tenant: string, user: string): Promise<void> {
  const extension = deps.home;
  const [mine, book, isManager] = await Promise.all([
    deps.slips.list(tenant, { owner: user }),
    deps.playbooks.current(tenant),
    deps.permissions.isManager(tenant, user),
  ]);
  const manager = isManager
    ? {
        channels: await deps.channels.list(tenant),
        weekSlips: await deps.slips.list(tenant, { since: deps.clock() - WEEK_MS }),
        playbookVersion: book.version,
      }
    : undefined;
  const home = buildHome({ user, mySlips: mine, playbook: book.playbook, manager });
  const extra = isManager && extension ? await extension(tenant, user) : [];
  await client.views.publish({ user_id: user, view: renderHome(home, extra) as never });
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
