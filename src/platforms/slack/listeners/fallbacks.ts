import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';

const OURS = /^rc_/;

interface Incoming {
  type?: string;
  command?: string;
  callback_id?: string;
  view?: { callback_id?: string };
  actions?: Array<{ action_id?: string }>;
}

/**
 * Requests that are not for any of our listeners (another app's blocks in a shared message, a closed modal, an
 * options request, a command we do not own) are acknowledged at once, so Slack never shows the person an error
 * after its 3 s timeout. One global middleware rather than a listener per kind: Bolt runs every listener's
 * matchers on every request, so fewer listeners is cheaper for all traffic.
 */
export function registerFallbacks(app: App, deps: SlackDeps): void {
  app.use(async ({ body, ack, next }) => {
    const foreign = foreignReply(body as Incoming);
    if (foreign === undefined) {
      await next();
      return;
    }
    deps.log.debug({ type: (body as Incoming).type }, 'acknowledged a request that is not ours');
    await (ack as ((response?: unknown) => Promise<void>) | undefined)?.(foreign === true ? undefined : foreign);
  });
}

/** undefined: ours (let the listeners have it); true: ack with nothing; an object: ack with that body. */
function foreignReply(body: Incoming): undefined | true | Record<string, unknown> {
  if (typeof body.command === 'string' && body.command !== '/recover')
    return { response_type: 'ephemeral', text: 'I only answer `/recover`. Try `/recover help`.' };
  switch (body.type) {
    case 'block_actions':
      return (body.actions ?? []).some((a) => OURS.test(a.action_id ?? '')) ? undefined : true;
    case 'view_submission':
      return OURS.test(body.view?.callback_id ?? '') ? undefined : true;
    case 'view_closed':
      return true;
    case 'shortcut':
    case 'message_action':
      return OURS.test(body.callback_id ?? '') ? undefined : true;
    case 'block_suggestion':
      return { options: [] };
    default:
      return undefined;
  }
}
