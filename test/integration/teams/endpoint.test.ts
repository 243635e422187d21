import { loadConfig } from '../../../src/config';
import { AAD_TENANT, CHANNEL, STAFF, startTeamsTestApp, type TeamsTestApp } from '../../helpers/teamsApp';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function message(app: TeamsTestApp, text: string) {
  return {
    type: 'message',
    id: `1${Date.now()}`,
    channelId: 'msteams',
    serviceUrl: app.fake.serviceUrl,
    from: STAFF,
    recipient: { id: `28:${APP_ID}`, name: 'recovery-coach' },
    text,
    conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', tenantId: AAD_TENANT },
    channelData: { teamsChannelId: CHANNEL, channel: { id: CHANNEL }, tenant: { id: AAD_TENANT } },
  };
}

describe('Teams endpoint: authentication and bad input', () => {
  describe('with Bot Framework authentication on (production settings)', () => {
    let app: TeamsTestApp;
    beforeAll(async () => {
      app = await startTeamsTestApp({
        TEAMS_AUTH_DISABLED: 'false',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: AAD_TENANT,
      });
      await app.watch();
    });
    afterAll(() => app.stop());

    it('no token and a garbage token are 401; a forged JWT is refused; nothing reaches the bot', async () => {
      const forged = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        Buffer.from(JSON.stringify({ aud: APP_ID, iss: 'https://api.botframework.com', exp: 4_102_444_800 })).toString(
          'base64url',
        ),
        '',
      ].join('.');
      for (const authorization of [undefined, 'Bearer garbage']) {
        const response = await app.post(
          message(app, 'T12 got the wrong steak'),
          authorization ? { authorization } : {},
        );
        expect(response.status).toBe(401);
        expect(response.body).not.toContain('stack');
      }
      // a well-formed token makes botbuilder fetch the Bot Framework signing keys; this machine cannot reach them, so
      // the honest answer is 503 (the Bot Framework retries), and in production a bad signature is a 401
      const response = await app.post(message(app, 'T12 got the wrong steak'), { authorization: `Bearer ${forged}` });
      expect([401, 503]).toContain(response.status);
      expect(app.fake.calls).toEqual([]);
    });
  });

  describe('with authentication off (local development)', () => {
    let app: TeamsTestApp;
    beforeAll(async () => {
      app = await startTeamsTestApp();
    });
    afterAll(() => app.stop());

    it('malformed, empty, binary and oversized bodies get a 4xx with a reason, and the server keeps serving', async () => {
      const raw = async (body: string | Buffer, type = 'application/json') => {
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        return { status: response.status, text: await response.text() };
      };
      expect((await raw('{"type":')).status).toBe(400);
      expect((await raw('')).status).toBe(400);
      expect((await raw('[]')).status).toBe(400);
      expect((await raw(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c]))).status).toBe(400);
      expect((await raw(JSON.stringify({ type: 'message' }))).text).toMatch(/serviceUrl|conversation|from/);
      const huge = await raw(JSON.stringify(message(app, 'x'.repeat(400_000))));
      expect(huge.status).toBe(413);
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
    });

    it('a 40,000-character message is handled without a crash (slip text is cut, nothing lost)', async () => {
      await app.watch();
      const { posted } = await app.channelPost(
        `T12 got the wrong steak, guest annoyed ${'and the sauce was wrong '.repeat(1700)}`,
      );
      expect(posted.status).toBe(200);
      const [reply] = await app.fake.waitForSent(1);
      expect(JSON.stringify(reply!.body).length).toBeLessThan(28_000);
    });

    it('an unknown invoke is answered 501, not a crash', async () => {
      const response = await app.post({
        ...message(app, ''),
        type: 'invoke',
        name: 'composeExtension/query',
        value: {},
      });
      expect(response.status).toBe(501);
    });
  });

  it('config refuses auth-disabled mode in production, and asks for what SingleTenant needs', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_AUTH_DISABLED: 'true', REDIS_URL: 'redis://x' })).toThrow(
      /TEAMS_AUTH_DISABLED/,
    );
    expect(() => loadConfig({ MICROSOFT_APP_ID: APP_ID, REDIS_URL: 'redis://x' })).toThrow(
      /MICROSOFT_APP_PASSWORD[\s\S]*MICROSOFT_APP_TENANT_ID/,
    );
  });
});
