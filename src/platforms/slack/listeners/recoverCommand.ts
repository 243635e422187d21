import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { render, said } from '../../../conversation/catalogue';
import { parseRecoverCommand, type RecoverCommand } from '../../../conversation/commands';
import { Conversation, type Reply as ConversationReply } from '../../../conversation/conversation';
import { buildRecoveryCard } from '../../../views/recoveryCard';
import { renderHandoff } from '../blocks/handoff';
import { recoverModal } from '../blocks/modals';
import { renderRecoveryCard } from '../blocks/recoveryCard';
import { md, plain } from '../blocks/text';
import { type SlackDeps, slackTenant } from '../deps';
import { sealContext } from '../modalSeal';
import { explain, userIdFromMention } from '../replies';
import { SLACK_STYLE } from '../style';
import { publishHome } from './appHome';

export const DRAFT_ACTIONS = { post: 'rc_draft_post', log: 'rc_draft_log', cancel: 'rc_draft_cancel' } as const;

type Reply = RespondArguments & { response_type?: 'ephemeral' | 'in_channel' };

/**
 * `/recover`: the form, help, watch/unwatch, roles, and `/recover <what happened>` as an ephemeral preview with
 * "Post to channel" / "Log it". The answer goes back as the ack itself when it is ready within ACK_BUDGET_MS (the
 * usual case: milliseconds, and no second request to Slack); otherwise it acks empty, inside Slack's 3 s, and
 * answers through the response URL when ready.
 */
export function registerRecoverCommand(app: App, deps: SlackDeps): void {
  const conversation = new Conversation(deps);
  app.command('/recover', async ({ command, ack, respond, client }) => {
    const tenant = slackTenant(command.team_id, command.enterprise_id);
    const parsed = parseRecoverCommand(command.text ?? '');
    const work = handle(parsed, { command, tenant, client, deps, conversation }).catch(
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

interface Context {
  command: SlashCommand;
  tenant: string;
  client: WebClient;
  deps: SlackDeps;
  conversation: Conversation;
}

/** The command answered by the conversation layer, rendered for Slack. */
async function handle(parsed: RecoverCommand, ctx: Context): Promise<Reply | undefined> {
  const { command, tenant } = ctx;
  const mentioned = parsed.kind === 'role' ? userIdFromMention(parsed.user) : undefined;
  const reply = await ctx.conversation.answer(
    parsed,
    {
      tenant,
      platform: 'slack',
      user: command.user_id,
      channel: { id: command.channel_id, name: command.channel_name },
      appId: command.api_app_id,
    },
    { reportAs: 'preview', role: mentioned ? { id: mentioned, shown: `<@${mentioned}>` } : undefined },
  );
  switch (reply.kind) {
    case 'say':
      return {
        response_type: reply.audience === 'channel' ? 'in_channel' : 'ephemeral',
        text: render(reply.said, SLACK_STYLE),
      };
    case 'form':
      return openForm(ctx);
    case 'home':
      // the tab is brought up to date now, so what the person opens is current
      await publishHome(ctx.client, ctx.deps, tenant, command.user_id);
      return { response_type: 'ephemeral', text: render(said('homeIsThere'), SLACK_STYLE) };
    case 'playbook':
      return { response_type: 'ephemeral', text: render(said('playbookIsThere'), SLACK_STYLE) };
    case 'handoff': {
      const rendered = renderHandoff({ ...reply.view, appId: reply.view.appId ?? command.api_app_id });
      return rendered
        ? { response_type: 'ephemeral', text: rendered.message.text, blocks: rendered.message.blocks }
        : { response_type: 'ephemeral', text: render(said('nothingThisShift'), SLACK_STYLE) };
    }
    case 'preview':
      return preview(ctx, reply);
    case 'insights':
      return {
        response_type: 'ephemeral',
        text: render(said('insightsReport', { insights: reply.insights }), SLACK_STYLE),
      };
    case 'card':
      return undefined;
  }
}

async function openForm({ command, tenant, client, deps }: Context): Promise<Reply | undefined> {
  const { playbook } = await deps.playbooks.current(tenant);
  await client.views.open({
    trigger_id: command.trigger_id,
    view: recoverModal(sealContext({ channel: command.channel_id }, { tenant, user: command.user_id }, deps.modalKey), {
      categories: playbook.categories.filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name })),
    }),
  });
  return undefined;
}

async function preview(
  { command, tenant, deps }: Context,
  reply: Extract<ConversationReply, { kind: 'preview' }>,
): Promise<Reply> {
  const card = renderRecoveryCard(
    { ...buildRecoveryCard(reply.slip, reply.playbook.venue), actions: [] },
    deps.clock(),
  );
  // the draft waits an hour in Redis: only its redacted words are kept
  const draftId = await deps.drafts.put(tenant, {
    text: reply.slip.text,
    channel: command.channel_id,
    user: command.user_id,
  });
  return {
    response_type: 'ephemeral',
    text: card.text,
    blocks: [
      { type: 'section', text: md(render(said(reply.detected ? 'previewSlip' : 'previewNotSlip'), SLACK_STYLE)) },
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
    ],
  };
}
