import { loadConfig } from '../../../src/config';
import { previousBoundary, type ShiftSchedule } from '../../../src/handoff/schedule';
import { silentLogger } from '../../../src/log';
import { HANDOFF_ACTIONS } from '../../../src/platforms/slack/blocks/handoff';
import { startWorker, type WorkerRole } from '../../../src/roles/worker';
import { blockKitProblems } from '../../helpers/blockKit';
import { aSlip } from '../../helpers/fixtures';
import { testRedisUrl } from '../../helpers/redis';
import { buttonPress, MANAGER, type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';

describe('shift handoffs', () => {
  let app: SlackTestApp;
  let second: WorkerRole;
  let schedule: ShiftSchedule;
  beforeAll(async () => {
    app = await startSlackTestApp();
    await app.watch('C1');
    // a second worker process's worth of workers on the same Redis
    const config = loadConfig({ ...app.env, NODE_ENV: 'test' });
    second = await startWorker(config, silentLogger(), testRedisUrl(), { lockDurationMs: 5000 });
  });
  afterAll(async () => {
    await second.stop();
    await app.stop();
  });
  beforeEach(() => app.fake.reset());

  const handoffPosts = () =>
    app.fake.messages.filter((m) =>
      String((m.metadata as { event_payload?: { key?: string } })?.event_payload?.key ?? '').startsWith('ho|'),
    );

  it('a manager sets shift times; the next handoff is queued once, whoever sweeps', async () => {
    const refused = await app.command('shifts 06:00 14:00 22:00 America/Chicago', { user_id: 'U1' });
    expect(String(refused.json!.text)).toContain('Only managers can set shift times.');
    const set = await app.command('shifts 22:00 06:00 14:00 America/Chicago', { user_id: MANAGER });
    expect(set.json).toMatchObject({ response_type: 'in_channel' });
    expect(String(set.json!.text)).toContain('Shift changes at 06:00, 14:00, 22:00 (America/Chicago)');
    schedule = (await app.web.handoffs.getSchedule(TENANT, 'C1'))!;
    await Promise.all([app.worker.handoffs.sweep(), second.handoffs.sweep(), app.worker.handoffs.sweep()]);
    const queued = (await app.web.jobs.handoffQueue.getDelayed()).filter((j) => j.data.channel === 'C1');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data.at).toBeGreaterThan(Date.now());
    const shown = await app.command('shifts');
    expect(String(shown.json!.text)).toContain('06:00, 14:00, 22:00');
  });

  it('posts exactly one handoff per boundary however many workers and retries ask', async () => {
    const boundary = previousBoundary(schedule, Date.now());
    const start = previousBoundary(schedule, boundary - 1);
    for (let i = 0; i < 3; i++) {
      const {
        id: _id,
        version: _v,
        ...draft
      } = aSlip({
        tenant: TENANT,
        channel: 'C1',
        messageRef: `h${i}-${Date.now()}`,
        createdAt: start + (i + 1) * 60_000,
      });
      await app.web.core.slips.create(draft);
    }
    // concurrent attempts: one posts; the others find it done or step back (their jobs retry and then find it done)
    const settled = await Promise.allSettled([
      app.worker.handoffs.deliver(TENANT, 'C1', boundary),
      second.handoffs.deliver(TENANT, 'C1', boundary),
      app.worker.handoffs.deliver(TENANT, 'C1', boundary),
    ]);
    const outcomes = settled.map((s) => (s.status === 'fulfilled' ? s.value : 'stepped back'));
    await app.web.jobs.handoffs.scheduleHandoff(TENANT, 'C1', boundary);
    await second.jobs.handoffs.scheduleHandoff(TENANT, 'C1', boundary);
    // the barrier: both queued jobs have run (no handoff job waiting or running), so any post they made is here
    await app.quiet();
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
    expect(await app.worker.handoffs.deliver(TENANT, 'C1', boundary)).toBe('already posted');
    expect(handoffPosts()).toHaveLength(1);
    const post = app.fake.callsOf('chat.postMessage').find((c) => String(c.body.text).startsWith('Handoff:'))!;
    expect(post.body.channel).toBe('C1');
    expect(blockKitProblems({ blocks: post.body.blocks as unknown[] })).toEqual([]);
    expect(JSON.stringify(post.body.blocks)).toContain('3* slips this shift');
    // a boundary the schedule does not have (a stale job after a change) posts nothing
    expect(await app.worker.handoffs.deliver(TENANT, 'C1', boundary + 60_000)).toBe('stale');
  });

  it('/recover handoff previews the shift so far; "Post now" posts it; "Take this" takes a carried-over slip', async () => {
    const { ts } = await app.message('T21 got the wrong wine, guest annoyed');
    await app.fake.waitFor('chat.postMessage');
    const preview = await app.command('handoff');
    expect(preview.json).toMatchObject({ response_type: 'ephemeral' });
    const blocks = JSON.stringify(preview.json!.blocks);
    expect(blocks).toContain('So far:');
    expect(blocks).toContain(HANDOFF_ACTIONS.post);
    const slip = (await app.web.core.slips.findByMessage(TENANT, 'C1', ts))!;
    expect(blocks).toContain(`#${slip.id}`);
    app.fake.reset();
    await app.interaction(buttonPress(app, HANDOFF_ACTIONS.post, 'C1'));
    const [posted] = await app.fake.waitFor('chat.postMessage');
    expect(String(posted!.body.text)).toMatch(/^Handoff: .*\(so far\)/);
    await app.interaction(buttonPress(app, HANDOFF_ACTIONS.take, slip.id, { user: 'U9' }));
    const replies = await app.fake.waitForResponses(2, 5000, 'r1');
    expect(replies.map((r) => String(r.body.text))).toContainEqual(
      expect.stringContaining(`You own slip #${slip.id} now`),
    );
    expect((await app.web.core.slips.get(TENANT, slip.id))!.owner).toBe('U9');
  });

  it("a big shift's full list refused with 429 after the handoff was posted: the list follows, the handoff stays one", async () => {
    const channel = 'C7';
    const big: ShiftSchedule = { ...schedule, channel, setAt: Date.now() };
    await app.web.core.shifts.set(big);
    const boundary = previousBoundary(big, Date.now());
    // more open slips than the handoff message shows: the full list goes in its thread
    for (let i = 0; i < 15; i++) {
      const {
        id: _id,
        version: _v,
        ...draft
      } = aSlip({
        tenant: TENANT,
        channel,
        messageRef: `big${i}-${Date.now()}`,
        createdAt: previousBoundary(big, boundary - 1) + (i + 1) * 60_000,
      });
      await app.web.core.slips.create(draft);
    }
    let refused = 0;
    app.fake.failWhen((call) =>
      call.method === 'chat.postMessage' && call.body.thread_ts !== undefined && refused++ === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }
        : undefined,
    );
    const first = await app.worker.handoffs.deliver(TENANT, channel, boundary).catch((e: Error) => e);
    const again = await second.handoffs.deliver(TENANT, channel, boundary).catch((e: Error) => e);
    const posts = handoffPosts().filter((m) => m.channel === channel);
    expect(refused).toBeGreaterThan(0);
    expect(posts).toHaveLength(1);
    expect([first, again]).toEqual(['posted', 'already posted']);
    const fullList = app.fake.messages.filter((m) => m.channel === channel && m.thread_ts === posts[0]!.ts);
    expect(fullList.length).toBeGreaterThan(0);
  });
});
