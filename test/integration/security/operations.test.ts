import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../../src/config';
import { createHttpServer, listen } from '../../../src/infra/http/server';
import { createLogger, silentLogger } from '../../../src/log';
import { slackLogger } from '../../../src/platforms/slack/clients';
import { FakeSlack } from '../../helpers/fakeSlack';

describe('/metrics with METRICS_TOKEN', () => {
  const TOKEN = 'a-long-scrape-token-0123456789';

  async function get(token: string | undefined, authorization?: string): Promise<number> {
    const server = createHttpServer({
      log: silentLogger(),
      metrics: async () => ({ contentType: 'text/plain', body: 'recovery_coach_slips_total{category="billing"} 3' }),
      metricsToken: token,
    });
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: authorization ? { authorization } : {},
      });
      await response.text();
      return response.status;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('answers only requests that carry the bearer token Prometheus sends', async () => {
    expect(await get(TOKEN)).toBe(401);
    expect(await get(TOKEN, 'Bearer wrong-token-0123456789abcd')).toBe(401);
    expect(await get(TOKEN, `Basic ${TOKEN}`)).toBe(401);
    expect(await get(TOKEN, `Bearer ${TOKEN}`)).toBe(200);
  });

  it('is open when no token is set (docs/security.md says so)', async () => {
    expect(await get(undefined)).toBe(200);
  });

  it('refuses a token too short to be a secret, naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  });
});

describe('debug logs', () => {
  it('carry what the Slack SDK did, never the words it sent', async () => {
    const fake = new FakeSlack();
    await fake.start();
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const log = createLogger({ level: 'debug', destination: sink });
    try {
      const client = new WebClient('xoxb-test', {
        slackApiUrl: fake.apiUrl,
        logger: slackLogger(log),
        retryConfig: { retries: 0 },
      });
      await client.chat.postMessage({ channel: 'C1', text: 'Slip #1: Wrong order · Mrs Hendersonia rm 405' });
      log.flush();
      expect(written).toContain('chat.postMessage');
      expect(written).not.toContain('Hendersonia');
      expect(written).not.toContain('rm 405');
    } finally {
      await fake.stop();
    }
  });
});
