import { AppError } from '../errors';
import type { Slip } from '../slips/slip';
import type { DeliveryCheck, DeliveryTarget, MessageRef, Messenger, Outbound, SendOptions } from '../views/outbound';
import type { RecoveryCardView } from '../views/recoveryCard';

/** Routes each send to the tenant's own platform by its id prefix ("slack-…", "teams-…", "shell-…"). */
type PlatformName = 'slack' | 'teams' | 'shell';

export class PlatformMessengers implements Messenger {
  /**
   * A messenger per platform, or a function that builds it on first use: a process that never delivers to a
   * platform (a web role) never builds its clients.
   */
  constructor(private readonly byPlatform: Partial<Record<PlatformName, Messenger | (() => Messenger)>>) {}

  sendDirect(tenant: string, user: string, message: Outbound, options?: SendOptions): Promise<MessageRef> {
    return this.for(tenant).sendDirect(tenant, user, message, options);
  }

  post(tenant: string, channel: string, message: Outbound, options?: SendOptions): Promise<MessageRef> {
    return this.for(tenant).post(tenant, channel, message, options);
  }

  update(tenant: string, ref: MessageRef, message: Outbound): Promise<void> {
    return this.for(tenant).update(tenant, ref, message);
  }

  async updateCard(slip: Slip, card: RecoveryCardView): Promise<void> {
    await this.for(slip.tenant).updateCard?.(slip, card);
  }

  async wasDelivered(tenant: string, target: DeliveryTarget, key: string, since: number): Promise<DeliveryCheck> {
    return (await this.for(tenant).wasDelivered?.(tenant, target, key, since)) ?? 'unverifiable';
  }

  private for(tenant: string): Messenger {
    const platform = tenant.split('-')[0] as PlatformName;
    let messenger = this.byPlatform[platform];
    if (!messenger) throw new AppError('PLATFORM_PERMANENT', `No ${platform} connection is configured for ${tenant}`);
    if (typeof messenger === 'function') {
      messenger = messenger();
      this.byPlatform[platform] = messenger;
    }
    return messenger;
  }
}
