import type { Permissions } from '../playbook/permissions';
import type { TailoringService } from './tailoring';

/**
 * `ai` (everyone: is the model on, which one, this month's use) and `ai on|off` (managers): the workspace's
 * switch for model-tailored cards. The same words on every platform.
 */
export async function modelCommand(
  deps: { tailoring?: TailoringService; permissions: Permissions },
  tenant: string,
  user: string,
  setting: 'on' | 'off' | undefined,
): Promise<string> {
  const tailoring = deps.tailoring;
  if (!tailoring)
    return "AI coaching isn't set up on this server (it needs OPENAI_API_KEY). Cards come from your playbook, as always.";
  if (setting) {
    await deps.permissions.require(tenant, user, 'manager', 'switch AI coaching');
    await tailoring.setOn(tenant, setting === 'on');
    return setting === 'on'
      ? `AI coaching is on: each card is posted from your playbook at once, then tailored to the situation by ${tailoring.model} when it answers in time.`
      : 'AI coaching is off: cards come from your playbook only. Nothing is sent to the model.';
  }
  const on = await tailoring.isOn(tenant);
  const usage = await tailoring.usage(tenant);
  const tokens = usage.promptTokens + usage.completionTokens;
  return [
    on
      ? `AI coaching is on (${tailoring.model}): cards are posted from your playbook at once, then tailored when the model answers in time.`
      : 'AI coaching is off: cards come from your playbook only.',
    `This month: ${usage.calls} model call${usage.calls === 1 ? '' : 's'}, ${tokens.toLocaleString('en-US')} tokens.`,
    on ? 'A manager can turn it off with "ai off".' : 'A manager can turn it on with "ai on".',
  ].join(' ');
}
