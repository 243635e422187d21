import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import { reportError } from '../../../errors';
import type { SlackDeps } from '../deps';

/** Interactive payloads: a press, a form submission, a shortcut. Events have their own de-duplication. */
const INTERACTIVE = new Set(['block_actions', 'view_submission', 'shortcut', 'message_action']);

/**
 * Slack signs a request but does not stop it being delivered twice (a retried send, a replay inside the 5 minutes the
 * signature is good for). A payload is applied once: the same payload again is acked and dropped. The window outlives
 * the signature's, so a replay can never be both signed and new.
 */
const REPLAY_WINDOW_SECONDS = 600;

export function registerReplayGuard(app: App, deps: SlackDeps): void {
  app.use(async (args) => {
    const body = args.body as { type?: string; team?: { id?: string } | null; enterprise?: { id?: string } | null };
    if (!INTERACTIVE.has(body.type ?? '')) return args.next();
    // the whole payload, hashed: two presses always differ (trigger id, action time), a replay never does
    const id = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
    const scope = `slack-interaction:${body.team?.id ?? body.enterprise?.id ?? 'none'}`;
    const first = await deps.once.first(scope, id, REPLAY_WINDOW_SECONDS).catch((error) => {
      // Redis is down: the press itself will fail and say so; refusing it here would only hide why
      reportError(deps.log, error, { where: 'interaction replay guard' });
      return true;
    });
    if (first) return args.next();
    deps.log.info({ scope }, 'replayed Slack interaction ignored');
    await (args as { ack?: () => Promise<void> }).ack?.();
  });
}
