import type { WatchedChannel } from '../slips/channels';

/**
 * The watched channel an `insights … #channel` names, among this workspace's: Slack's escaped `<#C123|name>` by its
 * id (the name in it may be stale), `#name` by the name the channel was watched under or by its id (the shell's
 * channel is its name). Undefined when it is none of them: another workspace's channel, one not watched, a typo.
 */
export function watchedChannelNamed(watched: WatchedChannel[], typed: string): WatchedChannel | undefined {
  const mention = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(typed);
  if (mention) return watched.find((c) => c.channel === mention[1]);
  const name = typed.replace(/^#/, '').toLowerCase();
  if (name === '') return undefined;
  return (
    watched.find((c) => c.name !== undefined && c.name.replace(/^#/, '').toLowerCase() === name) ??
    watched.find((c) => c.channel.toLowerCase() === name)
  );
}

/** The name in a typed channel, without its `#`: Slack's `<#C123|name>` may carry none (undefined). */
export function typedChannelName(typed: string): string | undefined {
  const mention = /^<#[A-Z0-9]+(?:\|([^>]*))?>$/i.exec(typed);
  const name = (mention ? (mention[1] ?? '') : typed).replace(/^#/, '');
  return name === '' ? undefined : name;
}
