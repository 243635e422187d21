import type { FeatureStores } from '../capture/stores';
import { type Said, said } from '../conversation/catalogue';
import type { Asked } from '../conversation/conversation';
import type { Permissions } from '../playbook/permissions';
import { emojiName } from './settings';

/** `capture` shows the workspace's capture emoji; `capture :emoji:` sets it (managers). */
export async function captureCommand(
  deps: { permissions: Permissions; features?: FeatureStores },
  asked: Asked,
  typed: string | undefined,
): Promise<[Said, 'private' | 'channel']> {
  const settings = deps.features?.capture;
  if (!settings) return [said('captureNotSetUp'), 'private'];
  if (typed === undefined) return [said('captureShown', { emoji: await settings.emoji(asked.tenant) }), 'private'];
  const emoji = emojiName(typed);
  if (!emoji) return [said('captureBadEmoji'), 'private'];
  await deps.permissions.require(asked.tenant, asked.user, 'manager', 'set the capture emoji');
  await settings.setEmoji(asked.tenant, emoji);
  return [said('captureSet', { emoji, by: asked.user }), 'channel'];
}
