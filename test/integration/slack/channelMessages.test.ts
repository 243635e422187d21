import { cardedSlip, type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';
import { channelMessage, eventEnvelope, postSigned, slackSignature } from '../../helpers/slackRequests';

function mrkdwnTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

describe('Slack: watching shift channels through the real Bolt receiver', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({}, { worker: false });
    await app.watch('C1');
  });
  afterAll(() => app.stop());
  beforeEach(async () => {
    await app.quiet();
    app.fake.reset();
  });

  it('replies to a slip with exactly one threaded card addressed to the reporter', async () => {
    const { post, ts } = await app.message('T12 got the wrong steak, guest annoyed');
    expect(post.status).toBe(200);
    const [call] = await app.fake.waitFor('chat.postMessage');
    expect(call!.body).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(String(call!.body.text)).toMatch(/^<@U1> Slip #\d+: Wrong order · T12/);
    expect(JSON.stringify(call!.body.blocks)).toContain('Acknowledged');
    expect(call!.token).toBe('xoxb-test');
    const slip = await cardedSlip(app, ts);
    expect(String(call!.body.text)).toContain(`Slip #${slip.id}:`);
    const slips = await app.web.core.slips.list(TENANT);
    expect(slips.filter((s) => s.messageRef === ts)).toHaveLength(1);
  });

  it('stays silent on chatter, in unwatched channels, on bots, thread replies and its own messages', async () => {
    await app.message("who's closing bar?");
    await app.message('T4 got the wrong wine', { channel: 'C-unwatched' });
    await app.message('T4 got the wrong wine', { bot_id: 'B9', subtype: 'bot_message', user: undefined });
    await app.message('T4 got the wrong wine', { thread_ts: '1690000000.000100' });
    await app.message('T4 got the wrong wine', { user: 'UBOT' });
    await app.quiet();
    expect(app.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('de-duplicates Slack retries of the same event: one card', async () => {
    const event = channelMessage('T9 waited 40 min for mains, fuming');
    const envelope = eventEnvelope(event);
    const body = JSON.stringify(envelope);
    const first = await postSigned(`${app.url}/slack/events`, body, 'application/json');
    const retry = await postSigned(`${app.url}/slack/events`, body, 'application/json', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => postSigned(`${app.url}/slack/events`, body, 'application/json')),
    );
    expect([first.status, retry.status, ...concurrent.map((c) => c.status)]).toEqual([200, 200, 200, 200, 200]);
    await app.fake.waitFor('chat.postMessage');
    await app.quiet();
    expect(app.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('an edit updates the slip text and never makes a second card; a deletion changes nothing', async () => {
    const { ts } = await app.message('T3 fries are cold');
    await app.fake.waitFor('chat.postMessage');
    await app.event({
      type: 'message',
      subtype: 'message_changed',
      channel: 'C1',
      channel_type: 'channel',
      ts: `${ts}9`,
      message: {
        type: 'message',
        user: 'U1',
        text: 'T3 fries are cold and soggy, guest call me on +1 312 555 0199',
        ts,
      },
      previous_message: { type: 'message', user: 'U1', text: 'T3 fries are cold', ts },
    });
    await app.event({
      type: 'message',
      subtype: 'message_deleted',
      channel: 'C1',
      channel_type: 'channel',
      ts: `${ts}8`,
      deleted_ts: ts,
    });
    await app.quiet();
    expect(app.fake.callsOf('chat.postMessage')).toHaveLength(1);
    const slip = await app.web.core.slips.findByMessage(TENANT, 'C1', ts);
    expect(slip!.text).toBe('T3 fries are cold and soggy, guest call me on [phone]');
    expect(slip!.status).toBe('open');
  });

  it('refuses forged, missing and stale signatures with 401 and stores nothing', async () => {
    const before = (await app.web.core.slips.list(TENANT)).length;
    const body = JSON.stringify(eventEnvelope(channelMessage('T5 got the wrong burger')));
    const now = Math.floor(Date.now() / 1000);
    const forged = await postSigned(`${app.url}/slack/events`, body, 'application/json', { secret: 'not-the-secret' });
    const missing = await postSigned(`${app.url}/slack/events`, body, 'application/json', { signature: null });
    const stale = await postSigned(`${app.url}/slack/events`, body, 'application/json', {
      timestamp: now - 10 * 60,
      signature: slackSignature(body, now - 10 * 60),
    });
    const tampered = await postSigned(`${app.url}/slack/events`, body.replace('burger', 'steak'), 'application/json', {
      timestamp: now,
      signature: slackSignature(body, now),
    });
    expect([forged.status, missing.status, stale.status, tampered.status]).toEqual([401, 401, 401, 401]);
    await app.quiet();
    expect(app.fake.calls).toEqual([]);
    expect((await app.web.core.slips.list(TENANT)).length).toBe(before);
  });

  it('escapes mentions, links and markup from the message: nothing in the card can ping', async () => {
    await app.message('<!channel> T14 got the wrong steak <@U999> see <https://evil.example|this> *now* &amp;');
    const [call] = await app.fake.waitFor('chat.postMessage');
    const texts = mrkdwnTexts(call!.body.blocks);
    for (const text of texts) {
      expect(text).not.toMatch(/<!channel>|<!here>|<@U999>|<https?:/);
    }
    expect(String(call!.body.text)).not.toMatch(/<!channel>|<@U999>/);
    expect(JSON.stringify(call!.body.blocks)).toContain('plain_text');
  });

  it('keeps a huge message within Block Kit limits', async () => {
    await app.message(`T2 steak was cold ${'and the sauce was wrong '.repeat(1800)}`);
    const [call] = await app.fake.waitFor('chat.postMessage');
    const blocks = call!.body.blocks as Array<Record<string, unknown>>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.text === 'string') expect(o.text.length).toBeLessThanOrEqual(3000);
        Object.values(o).forEach(walk);
      }
    };
    walk(blocks);
  });

  it('serves health and 404s unknown paths', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: true } });
    expect((await fetch(`${app.url}/nope`)).status).toBe(404);
    expect((await fetch(`${app.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
