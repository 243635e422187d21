/**
 * Work a request started that has not finished: Slack listeners run after the 3 s ack, and a model's card arrives
 * after the rules card. Shutdown waits for it (a half-handled message is a lost slip), and tests wait for it instead
 * of sleeping and hoping the work is done.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private waiters: Array<() => void> = [];

  /** Runs fn, counted until it settles; its result and its error are the caller's, unchanged. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const promise = fn();
    this.running.add(promise);
    try {
      return await promise;
    } finally {
      this.running.delete(promise);
      if (this.running.size === 0) this.wake();
    }
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running (at once when nothing is), or after timeoutMs with false. */
  idle(timeoutMs = 30_000): Promise<boolean> {
    if (this.running.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

/** fn, counted by inFlight when there is one. */
export function tracked<T>(inFlight: InFlight | undefined, fn: () => Promise<T>): Promise<T> {
  return inFlight ? inFlight.run(fn) : fn();
}
