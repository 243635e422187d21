import { Redis } from 'ioredis';
import { RedisSlipStore } from '../../../src/infra/redis/slipStore';
import { testRedisUrl } from '../../helpers/redis';
import { startSlackTestApp, TENANT } from '../../helpers/slackApp';

describe('Slack: stopping the web role while a message is being handled', () => {
  it('finishes the card it acked before closing Redis: a deploy does not lose the slip', async () => {
    const app = await startSlackTestApp();
    const redis = new Redis(testRedisUrl());
    try {
      await app.watch('C1');
      // Slack holds the card post: the ack is sent, and the post is on its way when the deploy stops the role
      app.fake.holdWhen((call) => call.method === 'chat.postMessage');
      const { post, ts } = await app.message('T12 got the wrong steak, guest annoyed');
      expect(post.status).toBe(200);
      for (let i = 0; i < 500 && app.fake.heldCount() === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(app.fake.heldCount()).toBe(1);
      const stopping = app.web.stop();
      // stop() must wait for the card in flight: it has not finished while Slack still holds the post
      const first = await Promise.race([
        stopping.then(() => 'stopped'),
        new Promise((r) => setTimeout(() => r('waiting'), 300)),
      ]);
      expect(first).toBe('waiting');
      // answered now, nobody has hung up on it, and the slip gets its card before Redis closes
      expect(app.fake.releaseHeld()).toEqual({ answered: 1, cutOff: 0 });
      await stopping;
      const slip = await new RedisSlipStore(redis, { prefix: app.env.REDIS_PREFIX! }).findByMessage(TENANT, 'C1', ts);
      expect(slip?.cardRef).toBeDefined();
      expect(app.fake.callsOf('chat.postMessage')).toHaveLength(1);
    } finally {
      await redis.quit();
      await app.worker.stop();
      await app.fake.stop();
    }
  });
});
