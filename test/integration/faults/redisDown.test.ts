import type { EmbeddedRedis } from '../../../src/infra/redis/embedded';
import { startPrivateRedis } from '../../helpers/redis';
import { type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault: Redis stops while the web role runs', () => {
  let redis: EmbeddedRedis;
  let app: SlackTestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendOnly: true });
    app = await startSlackTestApp({}, { redisUrl: redis.url, worker: false });
    await app.watch();
  });
  afterAll(async () => {
    await app.stop().catch(() => undefined);
    await redis.stop();
  });

  const ready = async () => (await fetch(`${app.url}/readyz`)).status;

  it('acks Slack, says "having trouble" for a slip, goes not-ready, writes nothing; recovers when Redis is back', async () => {
    // a first slip while all is well (the bot learns the playbook it would fall back on)
    await app.message('T1 got the wrong steak, guest annoyed');
    await app.fake.waitFor('chat.postMessage');
    expect(await ready()).toBe(200);

    await redis.stop();
    app.fake.reset();
    const started = Date.now();
    const { post, ts } = await app.message('T2 waited 50 minutes for mains, guest furious');
    expect(post.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000); // Slack's ack deadline
    const [trouble] = await app.fake.waitFor('chat.postMessage', 1, 8000);
    expect(String(trouble!.body.text)).toMatch(/having trouble.*try again/i);
    expect(trouble!.body.thread_ts).toBe(ts);
    // ordinary chatter during the outage gets nothing
    await app.message('who is on bar tonight?');
    // the barrier: the listener work for that message has finished (the queues cannot be asked: Redis is down)
    expect(await app.web.idle(8000)).toBe(true);
    expect(app.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(await ready()).toBe(503);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);

    await redis.start();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (await ready()) !== 200) await settle(200);
    expect(await ready()).toBe(200);
    // nothing half-written: the message from the outage made no slip (Slack's retry will log it)
    expect(await app.web.core.slips.findByMessage(TENANT, 'C1', ts)).toBeUndefined();
    app.fake.reset();
    const { ts: after } = await app.message('T3 soup was cold, guest unhappy');
    await app.fake.waitFor('chat.postMessage', 1, 8000);
    expect(await app.web.core.slips.findByMessage(TENANT, 'C1', after)).toBeDefined();
  });

  it('a card posted just before Redis stops is the only thing in its thread: no "nothing was saved" note after it', async () => {
    // the card goes up, then recording it fails: the guest's slip and its card exist, so telling the poster that
    // nothing was saved would be false (and releasing the event would let Slack's retry post a second card)
    app.fake.reset();
    app.fake.holdWhen((call) => call.method === 'chat.postMessage');
    const { post, ts } = await app.message('T4 got the wrong steak, guest annoyed');
    expect(post.status).toBe(200);
    const deadline = Date.now() + 8000;
    while (app.fake.heldCount() === 0 && Date.now() < deadline) await settle(20);
    expect(app.fake.heldCount()).toBe(1);
    await redis.stop();
    app.fake.releaseHeld();
    expect(await app.web.idle(10_000)).toBe(true);
    const threaded = app.fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === ts);
    expect(threaded.map((c) => String(c.body.text))).toEqual([expect.stringMatching(/wrong/i)]);
    await redis.start();
  });
});
