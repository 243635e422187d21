import { loadConfig } from '../../../src/config';
import { RedisTeamsReferenceStore } from '../../../src/infra/redis/teamsReferenceStore';
import { BOT_FRAMEWORK_ISSUER, FakeBotFrameworkKeys } from '../../helpers/fakeBotFrameworkKeys';
import { type CapturedLog, captureLog } from '../../helpers/logLines';
import { AAD_TENANT, CHANNEL, STAFF, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';

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
    const keys = new FakeBotFrameworkKeys();
    const refs = () => new RedisTeamsReferenceStore(app.web.runtime.redis, { prefix: app.env.REDIS_PREFIX! });
    // what the process writes to its log: the app's pino lines and whatever a library prints on the console
    let output: CapturedLog;
    beforeAll(async () => {
      output = captureLog();
      await keys.start();
      app = await startTeamsTestApp(
        {
          TEAMS_AUTH_DISABLED: 'false',
          MICROSOFT_APP_ID: APP_ID,
          MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
          MICROSOFT_APP_TENANT_ID: AAD_TENANT,
          MICROSOFT_BOT_OPENID_METADATA: keys.metadataUrl,
        },
        { log: output.log, worker: false },
      );
      await app.watch();
    });
    afterAll(async () => {
      await app.stop();
      await keys.stop();
      output.restore();
    });

    const now = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      iss: BOT_FRAMEWORK_ISSUER,
      aud: APP_ID,
      serviceurl: app.fake.serviceUrl,
      nbf: now() - 60,
      exp: now() + 3600,
      ...over,
    });

    it('refuses with 401 every token the Bot Framework did not sign for this bot, and nothing reaches the bot', async () => {
      const unsigned = [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
        Buffer.from(JSON.stringify(claims())).toString('base64url'),
        '',
      ].join('.');
      const refused: Array<[string, string | undefined]> = [
        ['no token', undefined],
        ['not a JWT', 'Bearer garbage'],
        ['another scheme', `Basic ${keys.token(claims())}`],
        ['unsigned (alg none)', `Bearer ${unsigned}`],
        [
          'signed by an unpublished key under a published key id',
          `Bearer ${keys.token(claims(), { signer: keys.stranger })}`,
        ],
        ['signed by an unpublished key id', `Bearer ${keys.token(claims(), { signer: keys.stranger, kid: 'mine' })}`],
        [
          'a key endorsed for another channel',
          `Bearer ${keys.token(claims(), { signer: keys.otherChannel, kid: 'other' })}`,
        ],
        ['for another bot', `Bearer ${keys.token(claims({ aud: 'another-bot' }))}`],
        ['from another issuer', `Bearer ${keys.token(claims({ iss: 'https://sts.example.com/' }))}`],
        ['for another service URL', `Bearer ${keys.token(claims({ serviceurl: 'https://smba.example.com/' }))}`],
        ['expired an hour ago', `Bearer ${keys.token(claims({ nbf: now() - 7200, exp: now() - 3600 }))}`],
      ];
      for (const [why, authorization] of refused) {
        const response = await app.post(
          message(app, 'T12 got the wrong steak'),
          authorization ? { authorization } : {},
        );
        expect([why, response.status]).toEqual([why, 401]);
        expect(response.body).not.toContain('stack');
      }
      expect(app.fake.calls).toEqual([]);
      expect(await refs().latest(TEAMS_TENANT)).toBeUndefined();
    });

    it('a flood of forged tokens is 401 each time, and leaves a few single-line JSON log entries, not one per request', async () => {
      const before = output.lines().length;
      // the kinds that make botbuilder print most: a published key id with the wrong key (it prints the key it
      // tried, a PEM block), an expired token (it prints the whole error with its stack), and garbage
      const forged = [
        keys.token(claims(), { signer: keys.stranger }),
        keys.token(claims({ nbf: now() - 7200, exp: now() - 3600 })),
        keys.token(claims(), { signer: keys.stranger, kid: 'mine' }),
        'garbage',
      ];
      for (let i = 0; i < 20; i++) {
        const response = await app.post(message(app, 'T12 got the wrong steak'), {
          authorization: `Bearer ${forged[i % forged.length]}`,
        });
        expect([i, response.status]).toEqual([i, 401]);
      }
      // everything logged since the app started (the refusals of the test before too) is one JSON object a line
      const lines = output.lines();
      const notJson = lines.filter((line) => {
        try {
          return typeof JSON.parse(line) !== 'object';
        } catch {
          return true;
        }
      });
      expect(notJson).toEqual([]);
      expect(lines.join('\n')).not.toMatch(/BEGIN (RSA )?PUBLIC KEY|^\s+at /m);
      // the 20 refusals added a few lines at most (one a minute, counting the ones left out)
      expect(lines.length - before).toBeLessThanOrEqual(3);
      const refusals = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.code === 'UNAUTHORIZED');
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals[0]).toMatchObject({
        level: 40,
        where: 'teams /api/messages',
        suppressed: 0,
        reason: expect.any(String),
      });
      expect(app.fake.calls).toEqual([]);
    });

    it('lets a token the Bot Framework signed for this bot through to the turn', async () => {
      const response = await app.post(message(app, 'menu meeting at 4 in the back room'), {
        authorization: `Bearer ${keys.token(claims())}`,
      });
      expect(response.status).toBe(200);
      // the turn ran: the conversation reference every inbound activity refreshes is stored
      expect((await refs().latest(TEAMS_TENANT))?.conversationId).toBe(CHANNEL);
      // chatter: no card, so no outbound call (which would need a token from Microsoft's login service)
      expect(app.fake.calls).toEqual([]);
    });
  });

  describe('with authentication off (local development)', () => {
    let app: TeamsTestApp;
    beforeAll(async () => {
      app = await startTeamsTestApp({}, { worker: false });
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

  it('config refuses auth-disabled mode and plain-http signing keys in production, and asks for what SingleTenant needs', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TEAMS_AUTH_DISABLED: 'true', REDIS_URL: 'redis://x' })).toThrow(
      /TEAMS_AUTH_DISABLED/,
    );
    expect(() => loadConfig({ MICROSOFT_APP_ID: APP_ID, REDIS_URL: 'redis://x' })).toThrow(
      /MICROSOFT_APP_PASSWORD[\s\S]*MICROSOFT_APP_TENANT_ID/,
    );
    const production = {
      NODE_ENV: 'production',
      REDIS_URL: 'redis://x',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: AAD_TENANT,
    };
    expect(() => loadConfig({ ...production, MICROSOFT_BOT_OPENID_METADATA: 'http://keys.example.com/x' })).toThrow(
      /MICROSOFT_BOT_OPENID_METADATA: the signing keys must come over https/,
    );
    expect(
      loadConfig({ ...production, MICROSOFT_BOT_OPENID_METADATA: 'https://keys.example.com/x' }).teams
        ?.openIdMetadataUrl,
    ).toBe('https://keys.example.com/x');
  });
});
