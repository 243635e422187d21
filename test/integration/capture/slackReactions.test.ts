import { type SlackTestApp, TENANT } from '../../helpers/slackApp';
import { quietThenReset, startWatchedSlackApp } from './slackCaptureFixture';

/** A staff message already in the channel (the fake Slack answers conversations.history with it). */
function staffMessage(app: SlackTestApp, text: string, options: { user?: string; thread_ts?: string } = {}): string {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  app.fake.messages.push({ channel: 'C1', ts, text, ...options } as (typeof app.fake.messages)[number]);
  return ts;
}

/** What the bot posted in the channel (manager alerts go by DM). */
function channelPosts(app: SlackTestApp) {
  return app.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'C1');
}

function reaction(ts: string, options: { user?: string; reaction?: string; channel?: string } = {}) {
  return {
    type: 'reaction_added',
    user: options.user ?? 'U2',
    reaction: options.reaction ?? 'sos',
    item_user: 'U1',
    item: { type: 'message', channel: options.channel ?? 'C1', ts },
    event_ts: `${Date.now() / 1000}`,
  };
}

describe('Slack: a reaction logs a message as a slip (one-gesture capture)', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startWatchedSlackApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => quietThenReset(app));

  it('logs one slip with its card in the thread, addressed to the person who reacted', async () => {
    const ts = staffMessage(app, 'T7 says the soup was cold');
    const post = await app.event(reaction(ts));
    expect(post.status).toBe(200);
    await app.quiet();
    const cards = channelPosts(app);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.body).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(String(cards[0]!.body.text)).toMatch(/^<@U2> Slip #\d+/);
    const slip = await app.web.core.slips.findByMessage(TENANT, 'C1', ts);
    expect(slip).toMatchObject({ reporter: 'U2', owner: 'U2', text: 'T7 says the soup was cold' });
    expect(slip!.cardRef).toBeDefined();
  });

  it('a duplicate reaction, and a second person reacting at the same moment, make no second slip or card', async () => {
    const ts = staffMessage(app, 'T3 waited forever for the bill');
    await Promise.all([app.event(reaction(ts)), app.event(reaction(ts, { user: 'U3' }))]);
    await app.quiet();
    await app.event(reaction(ts));
    await app.quiet();
    expect(channelPosts(app)).toHaveLength(1);
    const slips = (await app.web.core.slips.list(TENANT)).filter((s) => s.messageRef === ts);
    expect(slips).toHaveLength(1);
  });

  it('logs a message the detector reads as chatter, in its best category: the person said it is a slip', async () => {
    const ts = staffMessage(app, 'table nine asked about the manager again');
    await app.event(reaction(ts));
    await app.quiet();
    const slip = await app.web.core.slips.findByMessage(TENANT, 'C1', ts);
    expect(slip?.categoryId).toBeTruthy();
    expect(channelPosts(app)).toHaveLength(1);
  });

  it('ignores other emoji, unwatched channels and the bot’s own messages', async () => {
    const ts = staffMessage(app, 'T2 got the wrong wine');
    await app.event(reaction(ts, { reaction: 'thumbsup' }));
    const elsewhere = staffMessage(app, 'T5 got the wrong wine');
    await app.event(reaction(elsewhere, { channel: 'C-unwatched' }));
    const own = staffMessage(app, 'Slip #1: Wrong order', { user: 'UBOT' });
    await app.event(reaction(own));
    await app.quiet();
    expect(channelPosts(app)).toEqual([]);
    expect(await app.web.core.slips.findByMessage(TENANT, 'C1', ts)).toBeUndefined();
  });

  it('a manager sets another emoji with /recover capture; staff cannot', async () => {
    const refused = await app.command('capture :rotating_light:');
    expect(String(refused.json?.text)).toMatch(/manager/i);
    const set = await app.command('capture :rotating_light:', { user_id: 'UMGR' });
    expect(set.json).toMatchObject({ response_type: 'in_channel' });
    expect(String(set.json?.text)).toContain(':rotating_light:');
    const ts = staffMessage(app, 'T8 found a hair in the salad');
    await app.event(reaction(ts, { reaction: 'sos' }));
    await app.quiet();
    expect(channelPosts(app)).toEqual([]);
    await app.event(reaction(ts, { reaction: 'rotating_light' }));
    await app.quiet();
    expect(channelPosts(app)).toHaveLength(1);
    await app.command('capture :sos:', { user_id: 'UMGR' });
  });
});
