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
      // Slack is slow: the ack is sent, the card post is still on its way when the deploy stops the role
      app.fake.delayMs = 400;
      const { post, ts } = await app.message('T12 got the wrong steak, guest annoyed');
      expect(post.status).toBe(200);
      await app.web.stop();
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
