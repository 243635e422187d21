/** The emoji that logs a message as a slip when someone reacts with it, unless a manager sets another. */
export const DEFAULT_CAPTURE_EMOJI = 'sos';

/** Per-workspace capture settings (which reaction logs a slip). */
export interface CaptureSettings {
  emoji(tenant: string): Promise<string>;
  setEmoji(tenant: string, emoji: string): Promise<void>;
}

/**
 * An emoji name as a person types it (`:sos:`, `sos`, `:thumbsup::skin-tone-2:`) or Slack sends it in a reaction
 * (`thumbsup::skin-tone-2`): the bare name, lower case, without colons or a skin tone. Undefined when it is not a name.
 */
export function emojiName(typed: string): string | undefined {
  const bare = typed
    .trim()
    .toLowerCase()
    .replace(/^:+|:+$/g, '')
    .replace(/::skin-tone-\d$/, '');
  return /^[a-z0-9_+'-]{1,64}$/.test(bare) ? bare : undefined;
}

/** Whether a reaction (as the platform names it) is the workspace's capture emoji. */
export function isCaptureReaction(reaction: string, emoji: string): boolean {
  return emojiName(reaction) === emoji;
}
