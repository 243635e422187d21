import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { render, said } from '../../../conversation/catalogue';
import { recordCard } from '../../../conversation/recordCard';
import { AppError, reportError, toAppError } from '../../../errors';
import type { Slip } from '../../../slips/slip';
import { correctForm, followUpForm, readRecoverForm } from '../../../slips/stepForms';
import { CALLBACKS, readInput } from '../blocks/modals';
import { tickedPrivate } from '../blocks/privateCheckbox';
import { cardMessage, postCard, refreshCard } from '../cards';
import { type SlackDeps, slackTenant } from '../deps';
import { openContext } from '../modalSeal';
import { postPrivately } from '../privateSlips';
import { explain } from '../replies';
import { SLACK_STYLE } from '../style';
import { offerApprovalInThread } from './compApprovals';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Modal submissions. Bad input comes back as field errors (response_action: errors) and changes nothing; anything
 * else that fails closes the modal and tells the person by DM-free ephemeral or direct message.
 */
export function registerModalSubmissions(
  app: App,
  deps: SlackDeps,
  onChanged: (client: WebClient, slip: Slip, user: string) => Promise<void>,
): void {
  const handlers = new Map<string, (args: Args) => Promise<void>>();
  // one listener for our three modals (Bolt runs every listener's matchers on every request)
  app.view<ViewSubmitAction>(
    { callback_id: new RegExp(`^(${Object.values(CALLBACKS).join('|')})$`), type: 'view_submission' },
    async (args) => handlers.get(args.view.callback_id)?.(args),
  );
  handlers.set(CALLBACKS.correct, async (args) =>
    submit(
      args,
      deps,
      'correct',
      async (tenant, user): Promise<Outcome> => {
        const values = args.view.state.values;
        const form = correctForm({
          fix: readInput(values, 'fix'),
          gesture: readInput(values, 'gesture'),
          cost: readInput(values, 'cost'),
        });
        if ('error' in form) return { errors: { [form.field]: form.error } };
        // the slip comes from the sealed context only: a submission cannot swap it for another
        const context = openContext(args.view.private_metadata, { tenant, user }, deps.modalKey);
        try {
          return { slip: await deps.service.act(tenant, context.slipId ?? '', user, form.action) };
        } catch (error) {
          if (error instanceof AppError && error.code === 'FORBIDDEN') {
            await offerApprovalInThread(args.client, deps, tenant, context.slipId ?? '', user, form.action);
            return { errors: { cost: error.message } };
          }
          if (error instanceof AppError && error.details.field === 'gesture')
            return { errors: { gesture: error.message } };
          throw error;
        }
      },
      onChanged,
    ),
  );

  handlers.set(CALLBACKS.followup, async (args) =>
    submit(
      args,
      deps,
      'followup',
      async (tenant, user): Promise<Outcome> => {
        const values = args.view.state.values;
        const form = followUpForm(
          { dueAt: Number(readInput(values, 'due')) * 1000, promise: readInput(values, 'promise') },
          deps.clock(),
        );
        if ('error' in form) return { errors: { [form.field]: form.error } };
        const context = openContext(args.view.private_metadata, { tenant, user }, deps.modalKey);
        return { slip: await deps.service.act(tenant, context.slipId ?? '', user, form.action) };
      },
      onChanged,
    ),
  );

  handlers.set(CALLBACKS.recategorize, async (args) =>
    submit(
      args,
      deps,
      'recategorize',
      async (tenant, user): Promise<Outcome> => {
        const category = readInput(args.view.state.values, 'category');
        if (typeof category !== 'string') return { errors: { category: 'Pick the right category.' } };
        // the slip comes from the sealed context, made when the card's button was checked
        const context = openContext(args.view.private_metadata, { tenant, user }, deps.modalKey);
        try {
          const before = await deps.service.get(tenant, context.slipId ?? '');
          const moved = await deps.service.recategorize(tenant, before.id, user, category);
          if (!moved.private || before.private) return { slip: moved };
          // now private: its card leaves the channel for the reporter's and the managers' DMs
          await takeCardPrivate(args.client, deps, moved);
          return {};
        } catch (error) {
          if (error instanceof AppError && (error.code === 'BAD_INPUT' || error.code === 'INVALID_TRANSITION'))
            return { errors: { category: error.message.slice(0, 150) } };
          throw error;
        }
      },
      onChanged,
    ),
  );

  handlers.set(CALLBACKS.recover, async (args) =>
    submit(args, deps, 'recover', async (tenant, user, client): Promise<Outcome> => {
      const values = args.view.state.values;
      const form = readRecoverForm({
        text: readInput(values, 'text'),
        guest: readInput(values, 'guest'),
        category: readInput(values, 'category'),
        severity: readInput(values, 'severity'),
      });
      if ('error' in form) return { errors: { [form.field]: form.error } };
      // the channel (and the message) come from the sealed context: never a channel the form was not opened in
      const context = openContext(args.view.private_metadata, { tenant, user }, deps.modalKey);
      const channel = context.channel;
      if (!channel) throw new AppError('BAD_INPUT', 'I lost track of the channel; run /recover again.');
      const result = await deps.service.report(
        {
          tenant,
          platform: 'slack',
          channel,
          messageRef: context.messageTs ?? `form-${args.body.view.id}`,
          threadRef: context.threadTs ?? context.messageTs,
          user,
          text: form.text,
        },
        { ...form.options, ...(tickedPrivate(values) ? { private: true } : {}) },
      );
      if (result.kind !== 'reported') return { errors: { text: 'Tell me what happened.' } };
      if (!result.created)
        return { errors: { text: render(said('alreadySlip', { slipId: result.slip.id }), SLACK_STYLE) } };
      await deliverFormSlip(client, deps, result.slip, user);
      return {};
    }),
  );
}

type Outcome = { errors: Record<string, string> } | { slip?: Slip };

async function submit(
  args: Args,
  deps: SlackDeps,
  where: string,
  run: (tenant: string, user: string, client: WebClient) => Promise<Outcome>,
  onChanged?: (client: WebClient, slip: Slip, user: string) => Promise<void>,
): Promise<void> {
  const { ack, body, client } = args;
  const tenant = slackTenant(body.team?.id, body.enterprise?.id);
  let outcome: Outcome;
  try {
    outcome = await run(tenant, body.user.id, client);
  } catch (error) {
    const field = { recover: 'text', followup: 'due', recategorize: 'category' }[where] ?? 'fix';
    await ack({
      response_action: 'errors',
      errors: { [field]: explain(deps.log, error, { tenant, where: `modal ${where}` }).slice(0, 150) },
    });
    return;
  }
  if ('errors' in outcome) {
    await ack({ response_action: 'errors', errors: outcome.errors });
    return;
  }
  await ack();
  if (outcome.slip) {
    await refreshCard(client, deps, outcome.slip).catch((error) =>
      explain(deps.log, error, { tenant, where: 'refresh card' }),
    );
    await onChanged?.(client, outcome.slip, body.user.id);
  }
}

/**
 * A slip from the form or the message shortcut: threaded under the original message when there is one, else as a
 * new message in the channel; when the bot can't post there, the reporter gets it by DM so nothing is lost.
 */
async function deliverFormSlip(client: WebClient, deps: SlackDeps, slip: Slip, user: string): Promise<void> {
  try {
    if (slip.private) await postPrivately(client, deps, slip, await cardMessage(deps, slip));
    else if (slip.messageRef.startsWith('form-')) {
      const message = await cardMessage(deps, slip);
      const posted = await client.chat.postMessage({
        channel: slip.channel,
        text: `<@${user}> logged a guest slip: ${message.text}`,
        blocks: message.blocks,
      });
      await recordCard(deps.log, slip, () =>
        deps.service.attachCard(slip.tenant, slip.id, String(posted.ts), String(posted.ts)),
      );
    } else {
      await postCard(client, deps, slip, user);
    }
  } catch (error) {
    explain(deps.log, error, { tenant: slip.tenant, where: 'post form slip' });
    const message = await cardMessage(deps, slip);
    await client.chat.postMessage({
      channel: user,
      text: `I logged slip #${slip.id} but couldn't post it in the channel (am I a member? /invite @recovery-coach). Here it is: ${message.text}`,
      blocks: message.blocks,
    });
  }
}

/** A slip that became private after its card was posted: the channel card goes, and the card is sent by DM. */
async function takeCardPrivate(client: WebClient, deps: SlackDeps, slip: Slip): Promise<void> {
  if (slip.cardRef && !slip.cardChannel) await withdrawChannelCard(client, deps, slip, slip.cardRef);
  await postPrivately(client, deps, slip, await cardMessage(deps, slip));
}

/**
 * Deletes the channel card of a slip that became private; when Slack will not delete it, the card is overwritten with
 * the private notice (or a bare line when the playbook keeps private slips silent), so its text does not stay.
 */
async function withdrawChannelCard(client: WebClient, deps: SlackDeps, slip: Slip, ts: string): Promise<void> {
  const context = { tenant: slip.tenant, slipId: slip.id, channel: slip.channel, ts };
  try {
    await client.chat.delete({ channel: slip.channel, ts });
    return;
  } catch (error) {
    reportError(deps.log, error, { ...context, where: 'remove channel card' });
  }
  try {
    const { playbook } = await deps.playbooks.current(slip.tenant);
    const text = render(
      said(playbook.privateSlips === 'silent' ? 'privateSlipWithdrawn' : 'privateSlipLogged'),
      SLACK_STYLE,
    );
    await client.chat.update({ channel: slip.channel, ts, text, blocks: [] });
  } catch (error) {
    const appError = toAppError(error);
    deps.log.error(
      { ...context, code: appError.code, err: { message: appError.message } },
      "a private slip's card could be neither deleted nor overwritten: its text is still in the channel",
    );
  }
}
