import { resolve } from 'node:path';
import { RedisSlipStore } from '../../src/infra/redis/slipStore';
import { purgeOldSlips } from '../../src/slips/retention';
import { aSlip } from '../helpers/fixtures';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import { type SlackTestApp, startSlackTestApp, TENANT } from '../helpers/slackApp';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');
const DAY = 24 * 60 * 60_000;

describe('operations: metrics, readiness, retention, forget', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp();
    await app.watch();
  });
  afterAll(() => app.stop());

  it('/metrics counts requests, slips by category, cards and queue depth, with no guest data', async () => {
    await app.message('T12 got the wrong steak, guest annoyed, email jo@example.com');
    await app.fake.waitFor('chat.postMessage');
    // the card is counted once it is attached to the slip, just after Slack answers the post
    const scrape = async () => {
      const response = await fetch(`${app.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    let text = await scrape();
    for (let i = 0; i < 40 && !text.includes('recovery_coach_cards_posted_total{platform="slack"} 1'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await scrape();
    }
    expect(text).toMatch(/recovery_coach_slips_total\{category="wrong_order",severity="medium"\} 1/);
    expect(text).toMatch(/recovery_coach_cards_posted_total\{platform="slack"\} 1/);
    expect(text).toMatch(/recovery_coach_http_requests_total\{route="\/slack\/events",status="200"\} \d+/);
    expect(text).toMatch(/recovery_coach_queue_jobs\{queue="[^"]+",state="delayed"\} \d+/);
    expect(text).toContain('recovery_coach_process_resident_memory_bytes');
    for (const guest of ['T12', 'jo@example.com', 'steak']) expect(text).not.toContain(guest);
  });

  it('reminder lateness is measured by the worker', async () => {
    const result = await app.web.core.service.report({
      tenant: TENANT,
      platform: 'slack',
      channel: 'C1',
      messageRef: `late-${Date.now()}`,
      user: 'U1',
      text: 'rm 214 no hot water, guest annoyed',
    });
    if (result.kind !== 'reported') throw new Error('not reported');
    await app.web.core.service.act(TENANT, result.slip.id, 'U1', {
      kind: 'schedule_followup',
      dueAt: Date.now() + 100,
    });
    const deadline = Date.now() + 8000;
    let count = 0;
    while (Date.now() < deadline) {
      count =
        (await app.worker.core.metrics.reminderLateness.get()).values.find((v) => v.metricName?.endsWith('_count'))
          ?.value ?? 0;
      if (count > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(count).toBeGreaterThan(0);
  });

  it('/readyz reports the connected workers without making the web role depend on them', async () => {
    const body = (await (await fetch(`${app.url}/readyz`)).json()) as { status: string; info: { workers: number } };
    expect(body.status).toBe('ready');
    expect(body.info.workers).toBeGreaterThanOrEqual(1);
  });

  it('retention deletes slips older than the configured age, in every tenant, and keeps the rest', async () => {
    const now = Date.now();
    // a store of its own: the running worker's retention job must not race this test for the same slips
    const store = new RedisSlipStore(app.web.runtime.redis, { prefix: uniquePrefix('retention') });
    const make = async (tenant: string, ageDays: number) => {
      const {
        id: _id,
        version: _v,
        ...draft
      } = aSlip({
        tenant,
        channel: 'C1',
        messageRef: `r-${tenant}-${ageDays}-${Math.random()}`,
        createdAt: now - ageDays * DAY,
      });
      return (await store.create(draft)).slip;
    };
    const old = [await make(TENANT, 200), await make('slack-T2OTHER', 181)];
    const recent = [await make(TENANT, 179), await make('slack-T2OTHER', 1)];
    expect(await purgeOldSlips(store, 180, now)).toBe(2);
    for (const slip of old) expect(await store.get(slip.tenant, slip.id)).toBeUndefined();
    for (const slip of recent) expect(await store.get(slip.tenant, slip.id)).toBeDefined();
  });

  it('recovery-coach forget --guest removes a guest from every slip that names them, and only them', async () => {
    let sent = 0;
    const report = async (text: string) => {
      const result = await app.web.core.service.report({
        tenant: TENANT,
        platform: 'slack',
        channel: 'C1',
        messageRef: `forget-${++sent}`,
        user: 'U1',
        text,
      });
      if (result.kind !== 'reported') throw new Error(`not reported: ${text}`);
      return result.slip;
    };
    const first = await report('rm 405 no hot water, guest annoyed');
    const second = await report('Room 405 still no hot water, guest furious');
    const other = await report('rm 406 towels missing, guest annoyed');
    await app.web.core.service.act(TENANT, first.id, 'U1', {
      kind: 'schedule_followup',
      dueAt: Date.now() + 3_600_000,
      promise: 'engineer to rm 405 by 9pm',
    });
    const env = cleanEnv({ REDIS_URL: testRedisUrl(), REDIS_PREFIX: app.env.REDIS_PREFIX! });
    const result = await runCommand(process.execPath, [BIN, 'forget', '--workspace', 'T1', '--guest', 'rm 405'], {
      env,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Removed "rm 405" from 2 slips in slack-T1');
    for (const id of [first.id, second.id]) {
      const slip = (await app.web.core.slips.get(TENANT, id))!;
      expect(slip.guestRef).toBeUndefined();
      // "405" on its own: timestamps such as 1795394054830 hold those digits too
      expect(JSON.stringify(slip)).not.toMatch(/(?<!\d)405(?!\d)/);
    }
    expect(await app.web.core.slips.forGuest(TENANT, first.guestRef!.key, 0)).toEqual([]);
    expect((await app.web.core.slips.get(TENANT, other.id))!.guestRef?.text).toBe('rm 406');
    const usage = await runCommand(process.execPath, [BIN, 'forget', '--workspace', 'T1'], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--guest');
  });
});
