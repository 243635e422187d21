import { InFlight } from '../../../src/infra/inFlight';

describe('InFlight', () => {
  it('is idle at once when nothing runs, and only after the last of several runs ends', async () => {
    const work = new InFlight();
    expect(await work.idle(10)).toBe(true);
    const releases: Array<() => void> = [];
    const started = [1, 2].map(() => work.run(() => new Promise<void>((r) => releases.push(r))));
    let idle = false;
    const waiting = work.idle(5000).then((v) => {
      idle = v;
    });
    expect(work.size).toBe(2);
    releases[0]!();
    await started[0];
    expect(idle).toBe(false);
    releases[1]!();
    await Promise.all([...started, waiting]);
    expect(idle).toBe(true);
    expect(work.size).toBe(0);
  });

  it('hands back the result and the error unchanged, and a failure still counts as ended', async () => {
    const work = new InFlight();
    expect(await work.run(async () => 42)).toBe(42);
    await expect(work.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(work.size).toBe(0);
  });

  it('gives up after the timeout with false while work still runs', async () => {
    const work = new InFlight();
    let release: (() => void) | undefined;
    const running = work.run(() => new Promise<void>((r) => (release = r)));
    expect(await work.idle(20)).toBe(false);
    release?.();
    await running;
  });
});
