import type { EmbeddedRedis } from '../../../src/infra/redis/embedded';
import { startPrivateRedis } from '../../helpers/redis';
import { CHANNEL, startTeamsTestApp, type TeamsTestApp } from '../../helpers/teamsApp';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault: Redis stops while Teams posts a card', () => {
  let redis: EmbeddedRedis;
  let app: TeamsTestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendOnly: true });
    app = await startTeamsTestApp({}, { redisUrl: redis.url, worker: false });
    await app.watch();
  });
  afterAll(async () => {
    await app.stop().catch(() => undefined);
    await redis.stop();
  });

  it('a card posted just before Redis stops is the only message in its thread: no "nothing was saved" note after it', async () => {
    // the card goes up, then recording it fails: the slip and its card exist, so a note that nothing was saved would
    // be false (and failing the turn would let Teams' retry post a second card)
    app.fake.reset();
    app.fake.holdWhen((call) => call.method === 'send' || call.method === 'reply');
    const posting = app.channelPost('T4 got the wrong steak, guest annoyed');
    const deadline = Date.now() + 8000;
    while (app.fake.heldCount() === 0 && Date.now() < deadline) await settle(20);
    expect(app.fake.heldCount()).toBe(1);
    await redis.stop();
    app.fake.releaseHeld();
    const { posted } = await posting;
    expect(posted.status).toBeLessThan(300);
    await settle(500);
    const inChannel = app.fake.sent(CHANNEL);
    expect(inChannel).toHaveLength(1);
    expect(JSON.stringify(inChannel[0]!.body)).toContain('wrong steak');
    await redis.start();
  });
});
