import { type AppError, reportError } from '../errors';
import type { Logger } from '../log';
import type { IncomingMessage } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Slip } from '../slips/slip';
import { readChannelMessage, type TailoringService } from '../slips/tailoring';
import { type Said, said } from './catalogue';

/** How long a delivery id is remembered (Slack retries and Bot Framework redeliveries come within minutes). */
const DELIVERY_TTL_SECONDS = 6 * 60 * 60;

export interface ChannelPostsDeps {
  service: SlipService;
  tailoring?: TailoringService;
  once: {
    first(scope: string, id: string, ttlSeconds: number): Promise<boolean>;
    forget(scope: string, id: string): Promise<void>;
  };
  log: Logger;
}

/** One delivery of a post by the platform: the same id comes again when the platform retries. */
export interface Delivery {
  scope: string;
  id: string;
}

/**
 * The channel-message flow, once for Slack and Teams: a delivery is handled once (claimed before the work, released
 * when the work fails so the platform's retry can finish it); a top-level post by a person in a watched channel
 * becomes a slip when the detector (or, for borderline ones, the model) says so, and is carded where it was posted;
 * a retry after a failed post finds the slip without a card and cards it now.
 */
export class ChannelPosts {
  constructor(private readonly deps: ChannelPostsDeps) {}

  /**
   * Runs `work` for a delivery the first time it is seen; false when it was seen before. A failure releases the
   * claim and is thrown, with what to say when storage is down (`trouble`), for the platform to answer.
   */
  async once(delivery: Delivery | undefined, work: () => Promise<void>): Promise<boolean> {
    if (delivery && !(await this.deps.once.first(delivery.scope, delivery.id, DELIVERY_TTL_SECONDS))) return false;
    try {
      await work();
      return true;
    } catch (error) {
      if (delivery) await this.deps.once.forget(delivery.scope, delivery.id).catch(() => undefined);
      throw error;
    }
  }

  /** A post in a channel: the slip to card now, or nothing (chatter, unwatched, already carded). */
  async slipToCard(post: IncomingMessage): Promise<Slip | undefined> {
    const result = await readChannelMessage(this.deps.service, this.deps.tailoring, post);
    if (result.kind !== 'reported' || (!result.created && result.slip.cardRef)) return undefined;
    return result.slip;
  }

  /** After the card is up. */
  carded(slip: Slip, context: Record<string, unknown> = {}): void {
    this.deps.log.info({ tenant: slip.tenant, slipId: slip.id, category: slip.categoryId, ...context }, 'slip carded');
  }

  /** A post was edited: a slip made from it takes the new words (never a second slip). */
  async edited(post: IncomingMessage): Promise<void> {
    await this.deps.service.onMessageEdited(post);
  }

  /**
   * What to tell the poster when handling failed: when storage is down we cannot know whether this was a slip, so
   * we speak up only when it reads like one to the last playbook we saw, and say plainly nothing was saved.
   */
  failed(
    error: unknown,
    post: { tenant: string; text: string; direct?: boolean },
    context: Record<string, unknown>,
  ): { error: AppError; say?: Said } {
    const appError = reportError(this.deps.log, error, { tenant: post.tenant, ...context });
    if (appError.code !== 'STORE_UNAVAILABLE') return { error: appError };
    const reads = post.direct || this.deps.service.looksLikeSlipOffline(post.tenant, post.text);
    return { error: appError, say: reads ? said('storageTrouble', { command: !post.direct }) : undefined };
  }
}
