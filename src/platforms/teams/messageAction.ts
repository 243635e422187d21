import { render, said } from '../../conversation/catalogue';
import { PLAIN_STYLE } from '../../conversation/style';
import { reportError, userMessage } from '../../errors';
import { SEVERITIES, type Severity } from '../../playbook/schema';
import { filled, readRecoverForm } from '../../slips/stepForms';
import { MESSAGE_ACTION } from './actionIds';
import { channelOf, decodeEntities, personOf, referenceOf } from './activity';
import { cardActivity, cardPosted } from './cards';
import { CARD_CONTENT_TYPE } from './cards/elements';
import { type RecoverFormInput, recoverForm } from './cards/recoverForm';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { deliverPrivately } from './privateSlips';
import { addressed } from './replies';

/** The parts of a composeExtension/fetchTask or submitAction invoke's value we read. */
interface MessageActionValue {
  commandId?: string;
  data?: Record<string, unknown>;
  messagePayload?: {
    id?: string;
    /** Set when the message is itself a reply: its thread's first post. */
    replyToId?: string;
    body?: { contentType?: string; content?: string };
  };
}

/**
 * "Recover from this message": fetchTask opens a form filled in from the message and the detector (as Slack's
 * message shortcut opens /recover), and submitAction logs the slip and posts its card in the message's thread. The
 * dialog closes when the card is posted; a refused submit shows the form again with what was typed and why.
 */
export async function onMessageAction(deps: TeamsDeps, turn: Turn, tenant: string): Promise<InvokeResult> {
  const activity = turn.activity;
  const value = (activity.value ?? {}) as MessageActionValue;
  if (value.commandId !== MESSAGE_ACTION) return notice("That action isn't one of mine.");
  const channel = channelOf(activity);
  const message = value.messagePayload;
  if (!channel || !message?.id) return notice('Use "Recover from this message" on a post in a shift channel.');
  const root = message.replyToId || message.id;
  const { playbook } = await deps.playbooks.current(tenant);
  const categories = playbook.categories.filter((c) => !c.retired).map((c) => ({ id: c.id, name: c.name }));
  const incoming = (text: string) => ({
    tenant,
    platform: 'teams' as const,
    channel,
    messageRef: message.id!,
    threadRef: root,
    user: personOf(activity.from),
    text,
  });

  if (activity.name === 'composeExtension/fetchTask') {
    const text = plainTextOf(message.body);
    const preview = text ? await deps.service.preview(incoming(text), { force: true }) : undefined;
    const slip = preview?.kind === 'preview' ? preview.slip : undefined;
    return dialog({
      text: slip?.text ?? text,
      guestRef: slip?.guestRef?.text,
      categoryId: slip?.categoryId,
      severity: slip?.severity,
      categories,
    });
  }

  const data = value.data ?? {};
  const severity = filled(data.severity) as Severity | undefined;
  const ticked = data.private === 'true' || data.private === true;
  const again = (problem: string) =>
    dialog({
      text: filled(data.text) ?? '',
      guestRef: filled(data.guest),
      categoryId: filled(data.category),
      severity: severity && SEVERITIES.includes(severity) ? severity : undefined,
      categories,
      private: ticked,
      problem,
    });
  const form = readRecoverForm(data);
  if ('error' in form) return again(form.error);
  try {
    const result = await deps.service.report(incoming(form.text), { ...form.options, private: ticked });
    if (result.kind !== 'reported') return again('Tell me what happened.');
    if (!result.created && result.slip.cardRef)
      return notice(render(said('alreadySlip', { slipId: result.slip.id }), PLAIN_STYLE));
    const thread = { ...referenceOf(activity), conversationId: `${channel};messageid=${root}` };
    if (result.slip.private) {
      await deliverPrivately(deps, result.slip, (a) => deps.connector.send(thread, a));
      return { status: 200, body: {} };
    }
    const posted = await deps.connector.send(thread, await cardActivity(deps, result.slip, addressed(activity)));
    await cardPosted(deps, result.slip, posted, root);
    return { status: 200, body: {} };
  } catch (error) {
    // nothing typed is lost: the form comes back with the reason on top
    return again(userMessage(reportError(deps.log, error, { tenant, where: 'teams message action' })));
  }
}

function dialog(input: RecoverFormInput): InvokeResult {
  return {
    status: 200,
    body: {
      task: {
        type: 'continue',
        value: {
          title: 'Recover from this message',
          width: 'medium',
          height: 'large',
          card: { contentType: CARD_CONTENT_TYPE, content: recoverForm(input) },
        },
      },
    },
  };
}

function notice(text: string): InvokeResult {
  return { status: 200, body: { task: { type: 'message', value: text } } };
}

/**
 * A Teams message body as plain text: tags dropped (each ends at its bracket, so a hostile body costs one pass),
 * line breaks kept, entities decoded once.
 */
export function plainTextOf(body: { contentType?: string; content?: string } | undefined): string {
  const content = body?.content ?? '';
  if (body?.contentType !== 'html') return content.trim();
  return decodeEntities(content.replace(/<br\s*\/?>|<\/(?:p|div|li)>/gi, '\n').replace(/<[^<>]*>/g, ''))
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
