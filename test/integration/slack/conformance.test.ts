import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type SlackTestApp, startSlackTestApp } from '../../helpers/slackApp';
import { postSigned } from '../../helpers/slackRequests';

/**
 * Every real Slack payload in ../shared/data/slack through the real Bolt receiver: nothing crashes (no 5xx, the app
 * stays healthy), our own and other bots' messages are ignored, edits and deletions never make a new slip, chatter
 * gets no reply. Skipped when the data folder is absent.
 */
const DATA = resolve(__dirname, '../../../../shared/data/slack');
const present = existsSync(DATA);
if (!present) console.log(`skipping Slack conformance: ${DATA} not found`);

interface Sample {
  name: string;
  body: Record<string, unknown>;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const folder of readdirSync(DATA, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(DATA, folder.name)).filter((f) => f.endsWith('.json'))) {
      const raw = JSON.parse(readFileSync(join(DATA, folder.name, file), 'utf8')) as Record<string, unknown>;
      const body = (raw._provenance && raw.payload ? raw.payload : raw) as Record<string, unknown>;
      out.push({ name: `${folder.name}/${file}`, body });
    }
  }
  return out;
}

const INTERACTIVE = new Set([
  'block_actions',
  'view_submission',
  'view_closed',
  'message_action',
  'shortcut',
  'block_suggestion',
]);

function kindOf(body: Record<string, unknown>): 'event' | 'interactive' | 'command' | 'response' | 'view' {
  if (typeof body.command === 'string') return 'command';
  if (typeof body.type === 'string' && INTERACTIVE.has(body.type)) return 'interactive';
  if (
    body.type === 'event_callback' ||
    body.type === 'url_verification' ||
    (body.event && typeof body.event === 'object')
  )
    return 'event';
  if (body.type === 'home' || body.type === 'modal') return 'view';
  return 'response';
}

(present ? describe : describe.skip)('Slack conformance over real payloads', () => {
  let app: SlackTestApp;
  const all = present ? samples() : [];
  beforeAll(async () => {
    app = await startSlackTestApp();
    // watch every channel any sample talks in, in its own workspace, so a real human message is really assessed
    for (const { body } of all) {
      const event = body.event as Record<string, unknown> | undefined;
      const team = (body.team_id as string | undefined) ?? (body.team as { id?: string } | undefined)?.id ?? undefined;
      if (event && typeof event.channel === 'string' && team)
        await app.web.core.channels.watch({
          tenant: `slack-${team}`,
          channel: event.channel,
          by: 'test',
          at: Date.now(),
        });
    }
  });
  afterAll(() => app.stop());

  it('has samples of every inbound kind', () => {
    const kinds = new Set(all.map((s) => kindOf(s.body)));
    for (const kind of ['event', 'interactive', 'command']) expect(kinds).toContain(kind);
  });

  it.each(all.filter((s) => kindOf(s.body) !== 'response' && kindOf(s.body) !== 'view').map((s) => [s.name, s]))(
    '%s goes through Bolt without a crash',
    async (_name, sample) => {
      const { body } = sample as Sample;
      const kind = kindOf(body);
      const before = app.fake.callsOf('chat.postMessage').length;
      const result =
        kind === 'event'
          ? await postSigned(`${app.url}/slack/events`, JSON.stringify(body), 'application/json')
          : kind === 'command'
            ? await postSigned(
                `${app.url}/slack/events`,
                new URLSearchParams(body as Record<string, string>).toString(),
                'application/x-www-form-urlencoded',
              )
            : await postSigned(
                `${app.url}/slack/events`,
                new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
                'application/x-www-form-urlencoded',
              );
      expect(result.status).toBeLessThan(500);
      if (body.type === 'url_verification') expect(result.body).toContain(String(body.challenge));
      // the barrier: whatever the request set going (a listener after the ack, a job) has finished
      await app.quiet();
      const event = body.event as Record<string, unknown> | undefined;
      const isBotOrEdit =
        event?.type === 'message' &&
        (Boolean(event.bot_id) ||
          ['bot_message', 'message_changed', 'message_deleted', 'channel_join'].includes(String(event.subtype)));
      if (isBotOrEdit) expect(app.fake.callsOf('chat.postMessage').length).toBe(before);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    },
  );

  it('accepts the raw form-encoded slash command capture', async () => {
    const form = readFileSync(join(DATA, 'bolt-python/test_slash_command__slash_command_body.form.txt'), 'utf8').trim();
    const result = await postSigned(`${app.url}/slack/events`, form, 'application/x-www-form-urlencoded');
    expect(result.status).toBe(200);
  });

  it('works with real Web API response shapes from Slack', async () => {
    const dir = join(DATA, 'slack-api-specs-webapi-examples');
    const example = (method: string) => {
      const raw = JSON.parse(readFileSync(join(dir, `${method}.json`), 'utf8')) as Record<string, unknown>;
      return ((raw.success_example ?? raw.payload ?? raw) as Record<string, unknown>) ?? {};
    };
    app.fake.reset();
    app.fake.fail('chat.postMessage', { status: 200, body: example('chat.postMessage') });
    app.fake.fail('views.publish', { status: 200, body: example('views.publish') });
    await app.watch('C1');
    const { post } = await app.message('T7 waited 45 min for mains, guest furious');
    expect(post.status).toBe(200);
    await app.fake.waitFor('chat.postMessage');
    await app.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.1' });
    await app.fake.waitFor('views.publish');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
