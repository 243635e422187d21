import type { ChannelWatch } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Platform, Slip } from '../slips/slip';
import { type CaptureSettings, isCaptureReaction } from './settings';

/** How long the "this slip's card is being posted" claim lasts; a failed post releases it at once. */
const CARD_CLAIM_SECONDS = 24 * 60 * 60;

/** Someone reacted to a message in a channel. */
export interface Reaction {
  tenant: string;
  platform: Platform;
  channel: string;
  /** The message reacted to. */
  messageRef: string;
  /** The person who reacted: the slip is theirs and the card is addressed to them. */
  reactor: string;
  /** The emoji as the platform names it. */
  reaction: string;
}

/** The message a reaction was on, as the platform reads it back. */
export interface ReactedMessage {
  text: string;
  /** The thread it is in (a reply's parent), or undefined when it is top level. */
  threadRef?: string;
  /** The author; a bot's own message is never captured. */
  author?: string;
  fromBot?: boolean;
}

export interface CaptureDeps {
  service: SlipService;
  settings: CaptureSettings;
  channels: ChannelWatch;
  once: {
    first(scope: string, id: string, ttlSeconds: number): Promise<boolean>;
    forget(scope: string, id: string): Promise<void>;
  };
}

/**
 * One-gesture capture, once for every platform: the workspace's capture emoji on a message in a watched channel
 * logs that message as a slip (forced: the person said it is one, whatever the detector thinks, which still picks
 * the category). The slip store is unique per message, so reacting twice or two people reacting make one slip, and
 * its card is claimed once, so only one card is posted.
 */
export class Capture {
  constructor(private readonly deps: CaptureDeps) {}

  /** The slip to card now, or undefined (another emoji, an unwatched channel, a bot's message, already carded). */
  async fromReaction(
    reaction: Reaction,
    readMessage: () => Promise<ReactedMessage | undefined>,
  ): Promise<Slip | undefined> {
    const emoji = await this.deps.settings.emoji(reaction.tenant);
    if (!isCaptureReaction(reaction.reaction, emoji)) return undefined;
    if (!(await this.deps.channels.isWatched(reaction.tenant, reaction.channel))) return undefined;
    const message = await readMessage();
    if (!message || message.fromBot || message.text.trim() === '') return undefined;
    const result = await this.deps.service.report(
      {
        tenant: reaction.tenant,
        platform: reaction.platform,
        channel: reaction.channel,
        messageRef: reaction.messageRef,
        threadRef: message.threadRef ?? reaction.messageRef,
        user: reaction.reactor,
        text: message.text,
      },
      { force: true },
    );
    if (result.kind !== 'reported' || result.slip.cardRef) return undefined;
    // two reactions at once both find the one slip without a card: only the first posts it
    if (!(await this.deps.once.first(claimScope(reaction.tenant), result.slip.id, CARD_CLAIM_SECONDS)))
      return undefined;
    return result.slip;
  }

  /** The card could not be posted: let the platform's retry (or the next reaction) post it. */
  async cardFailed(slip: Slip): Promise<void> {
    await this.deps.once.forget(claimScope(slip.tenant), slip.id).catch(() => undefined);
  }
}

function claimScope(tenant: string): string {
  return `capture-card:${tenant}`;
}
