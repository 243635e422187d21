import type { Slip } from './slip';
import type { TaughtExample, VenueLearning } from './venueLearning';

/**
 * What the slip use cases tell the venue's detector, best effort throughout: a lost example or an unreadable layer
 * must never fail the person's action, and reading goes on with the shipped model.
 */
export class VenueTeaching {
  constructor(
    private readonly learning: Pick<VenueLearning, 'record' | 'forget' | 'layerFor'> | undefined,
    private readonly clock: () => number,
  ) {}

  /** The venue's layer, or none when it cannot be had (Redis trouble). */
  async layerFor(tenant: string) {
    return this.learning?.layerFor(tenant).catch(() => undefined);
  }

  /** Keeps the slip as a labelled example: its category, or none for "not a slip". */
  async teach(slip: Slip, source: TaughtExample['source'], categoryId: string | undefined, by: string): Promise<void> {
    await this.learning
      ?.record(slip.tenant, {
        slipId: slip.id,
        text: slip.text,
        ...(categoryId ? { categoryId } : {}),
        source,
        by,
        at: this.clock(),
      })
      .catch(() => undefined);
  }

  /** Takes the slip's example back (a "not a slip" reopened). */
  async unteach(slip: Slip): Promise<void> {
    await this.learning?.forget(slip.tenant, slip.id).catch(() => undefined);
  }
}
