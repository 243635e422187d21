import type { WebRole } from '../../src/roles/web';

/**
 * A barrier instead of a sleep: resolves once the web role has no request work running and no job is waiting or
 * running in the queues the worker takes from. After it, whatever the app was going to send now has been sent, so
 * "nothing was sent" is a fact, not a guess about how long is long enough. Delayed jobs (reminders due later) do not
 * count: they are not about to happen. With `jobs: false` (an app started without a worker role, whose queued jobs
 * never run) only the web role's own work is waited for.
 */
export async function untilQuiet(web: WebRole, timeoutMs = 15_000, options: { jobs?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const queues =
    options.jobs === false
      ? []
      : [
          web.jobs.followUpQueue,
          web.jobs.deliveryQueue,
          web.jobs.handoffQueue,
          web.jobs.learningQueue,
          web.jobs.clockQueue,
          web.jobs.digestQueue,
        ];
  for (;;) {
    await web.idle(Math.max(1, deadline - Date.now()));
    let pending = 0;
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      pending += Object.values(counts).reduce((sum, n) => sum + n, 0);
    }
    // a job's work can start request-like work again (a card refresh), so both must be empty together
    if (pending === 0 && web.core.inFlight.size === 0) return;
    if (Date.now() > deadline) throw new Error(`not quiet after ${timeoutMs} ms: ${pending} jobs pending`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
