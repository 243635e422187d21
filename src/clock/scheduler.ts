import type { Slip } from '../slips/slip';
import { CLOCK_TARGETS, pendingTargets } from './clock';
import type { ClockQueue, ClockScheduler } from './ports';

/** The ClockScheduler on a job queue: one delayed job per slip and target, removed once the target is met. */
export class QueuedClocks implements ClockScheduler {
  constructor(private readonly queue: ClockQueue) {}

  async start(slip: Slip): Promise<void> {
    for (const { target, at } of pendingTargets(slip))
      await this.queue.add({ tenant: slip.tenant, slipId: slip.id, target, dueAt: at }, at);
  }

  async settle(slip: Slip): Promise<void> {
    if (!slip.targets) return;
    const pending = new Set(pendingTargets(slip).map((p) => p.target));
    await Promise.all(
      CLOCK_TARGETS.filter((target) => !pending.has(target)).map((target) =>
        this.queue.remove(slip.tenant, slip.id, target),
      ),
    );
  }
}
