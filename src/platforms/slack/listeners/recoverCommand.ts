import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { redactText } from '../../../coach/redact';
import { resolveRoleWord } from '../../../playbook/permissions';
import { modelCommand } from '../../../slips/modelCommand';
import { parseRecoverCommand, type RecoverCommand } from '../../../slips/recoverCommand';
import { buildRecoveryCard } from '../../../views/recoveryCard';
import { recoverModal } from '../blocks/modals';
import { renderRecoveryCard } from '../blocks/recoveryCard';
import { escapeMrkdwn, md, plain } from '../blocks/text';
import { type SlackDeps, slackTenant } from '../deps';
import { sealContext } from '../modalSeal';
import { explain, SLACK_HELP, userIdFromMention } from '../replies';
import { publishHome } from './appHome';

export const DRAFT_ACTIONS = { post: 'rc_draft_post', log: 'rc_draft_log', cancel: 'rc_draft_cancel' } as const;

type Reply = RespondArguments & { response_type?: 'ephemeral' | 'in_channel' };

/**
 * `/recover`: the form, help, watch/unwatch, roles, and `/recover <what happened>` as an ephemeral preview with
 * "Post to channel" / "Log it". The answer goes back as the ack itself when it is ready within ACK_BUDGET_MS (the
 * usual case: milliseconds, and no second request to Slack); otherwise it acks empty, inside Slack's 3 s, and
 * answers through the response URL when ready.
 */
export function registerRecoverCommand(app: App, deps: SlackDeps, extra: CommandExtensions = {}): void {
  app.command('/recover', async ({ command, ack, respond, client }) => {
    const tenant = slackTenant(command.team_id, command.enterprise_id);
    const parsed = parseRecoverCommand(command.text ?? '');
    const work = handle(parsed, { command, tenant, client, deps, extra }).catch(
      (error): Reply => ({ response_type: 'ephemeral', text: explain(deps.log, error, { tenant, where: '/recover' }) }),
    );
    const quick = await Promise.race([work, wait(ACK_BUDGET_MS).then(() => TOO_SLOW)]);
    if (quick !== TOO_SLOW) {
      await ack(quick as Reply | undefined);
      return;
    }
    await ack();
    const reply = await work;
    if (reply) await respond(reply).catch((error) => explain(deps.log, error, { tenant, where: '/recover respond' }));
  });
}

/** How long /recover may work before it acks empty and answers later (Slack allows 3 s). */
const ACK_BUDGET_MS = 2000;
const TOO_SLOW: unique symbol = Symbol('too slow');

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Subcommands other features add (shifts, handoff). */
export type CommandExtensions = Partial<
  Record<
    'shifts' | 'handoff',
    (input: { command: SlashCommand; tenant: string; args: string; client: WebClient }) => Promise<Reply>
  >
>;

interface Context {
  command: SlashCommand;
  tenant: string;
  client: WebClient;
  deps: SlackDeps;
  extra: CommandExtensions;
}

async function handle(parsed: RecoverCommand, ctx: Context): Promise<Reply | undefined> {
  const { command, tenant } = ctx;
  switch (parsed.kind) {
    case 'open_form':
      return openForm(ctx);
    case 'help':
      return { response_type: 'ephemeral', text: SLACK_HELP };
    case 'watch':
    case 'unwatch':
      return watch(ctx, parsed.kind === 'watch');
    case 'role':
      return role(ctx, parsed.user, parsed.role);
    case 'shifts':
    case 'handoff': {
      const handler = ctx.extra[parsed.kind];
      if (!handler) return { response_type: 'ephemeral', text: 'Shift handoffs are not set up on this server.' };
      return handler({ command, tenant, client: ctx.client, args: parsed.kind === 'shifts' ? parsed.args : '' });
    }
    case 'home':
      // the tab is brought up to date now, so what the person opens is current
      await publishHome(ctx.client, ctx.deps, tenant, command.user_id);
      return {
        response_type: 'ephemeral',
        text: 'Your open slips and follow-ups are on my *Home* tab (just updated): open recovery-coach under Apps in the sidebar, then Home.',
      };
    case 'playbook':
      return {
        response_type: 'ephemeral',
        text: 'Managers edit the playbook on my *Home* tab: open recovery-coach under Apps in the sidebar, then Home.',
      };
    case 'model':
      return {
        response_type: 'ephemeral',
        text: await modelCommand(ctx.deps, tenant, command.user_id, parsed.setting),
      };
    case 'unknown':
      return {
        response_type: 'ephemeral',
        text: `I don't know \`${escapeMrkdwn(parsed.word)}\`. To log a slip, describe it: \`/recover T12 waited 40 min for mains\`. \`/recover help\` lists everything.`,
      };
    case 'report':
      return preview(ctx, parsed.text);
  }
}

async function openForm({ command, tenant, client, deps }: Context): Promise<Reply | undefined> {
  const { playbook } = await deps.playbooks.current(tenant);
  await client.views.open({
    trigger_id: command.trigger_id,
    view: recoverModal(sealContext({ channel: command.channel_id }, { tenant, user: command.user_id }, deps.modalKey), {
      categories: playbook.categories.filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name })),
    }) as never,
  });
  return undefined;
}

async function watch({ command, tenant, deps }: Context, on: boolean): Promise<Reply> {
  await deps.permissions.require(tenant, command.user_id, 'manager', on ? 'watch channels' : 'unwatch channels');
  if (!on) {
    const was = await deps.channels.unwatch(tenant, command.channel_id);
    return {
      response_type: 'in_channel',
      text: was ? "I've stopped watching this channel for guest slips." : "I wasn't watching this channel.",
    };
  }
  await deps.channels.watch({
    tenant,
    channel: command.channel_id,
    name: command.channel_name,
    by: command.user_id,
    at: deps.clock(),
  });
  return {
    response_type: 'in_channel',
    text:
      `I'm watching this channel for guest slips now (set up by <@${command.user_id}>). When someone posts one, I'll reply in the thread with a recovery card. ` +
      "If I'm not a member yet, add me with `/invite @recovery-coach`.",
  };
}

async function role({ command, tenant, deps }: Context, mention: string, word: string | undefined): Promise<Reply> {
  const user = userIdFromMention(mention);
  if (!user)
    return { response_type: 'ephemeral', text: 'Name the person with an @mention: `/recover role @alex lead`.' };
  const { playbook } = await deps.playbooks.current(tenant);
  const granted = await deps.permissions.grant(tenant, command.user_id, user, resolveRoleWord(playbook, word));
  return {
    response_type: 'ephemeral',
    text: granted
      ? `<@${user}> is now *${escapeMrkdwn(granted.name)}*: tier ${granted.tier}, comps up to ${playbook.venue.currency} ${granted.compLimit}.`
      : `<@${user}> is back to the everyday role.`,
  };
}

async function preview({ command, tenant, deps }: Context, text: string): Promise<Reply> {
  const message = {
    tenant,
    platform: 'slack' as const,
    channel: command.channel_id,
    messageRef: 'preview',
    user: command.user_id,
    text,
  };
  const result = await deps.service.preview(message, { force: true });
  if (result.kind !== 'preview')
    return { response_type: 'ephemeral', text: 'Tell me what happened: `/recover T12 waited 40 min for mains`.' };
  const card = renderRecoveryCard(
    { ...buildRecoveryCard(result.slip, result.playbook.venue), actions: [] },
    deps.clock(),
  );
  // the draft waits an hour in Redis: only its redacted words are kept
  const draftId = await deps.drafts.put(tenant, {
    text: redactText(text),
    channel: command.channel_id,
    user: command.user_id,
  });
  const detected = result.slip.confidence >= 0.6;
  return {
    response_type: 'ephemeral',
    text: card.text,
    blocks: [
      {
        type: 'section',
        text: md(
          detected
            ? '*Here is the recovery card for this one.* Post it to the channel so the team sees it, or just log it.'
            : "*This doesn't read like a guest slip to me*, but you know best. Here's my best guess:",
        ),
      },
      ...card.blocks.filter((b) => b.type !== 'actions'),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: DRAFT_ACTIONS.post,
            text: plain('Post to channel', 75),
            value: draftId,
            style: 'primary',
          },
          { type: 'button', action_id: DRAFT_ACTIONS.log, text: plain('Log it', 75), value: draftId },
          { type: 'button', action_id: DRAFT_ACTIONS.cancel, text: plain('Cancel', 75), value: draftId },
        ],
      },
    ] as never,
  };
}
