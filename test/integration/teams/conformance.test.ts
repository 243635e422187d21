import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startTeamsTestApp, type TeamsTestApp } from '../../helpers/teamsApp';

/**
 * Real activities recorded from Microsoft Teams (../shared/data/teams: botbuilder-js recordings from live Teams,
 * and samples from microsoft/teams.net), posted to /api/messages as Teams would, with the serviceUrl pointed at
 * the fake connector. What each should do is decided from the activity's shape, not from its file name.
 */
const DATA = resolve(__dirname, '../../../../shared/data/teams');
const files = existsSync(DATA)
  ? readdirSync(DATA, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(DATA, d.name)).map((f) => join(d.name, f)))
      .filter((f) => f.endsWith('.json'))
  : [];
if (files.length === 0) console.log(`skipping Teams conformance: no recordings in ${DATA}`);

interface Recorded {
  type: string;
  name?: string;
  text?: string;
  value?: unknown;
  from: { id: string };
  recipient: { id: string };
  serviceUrl: string;
  membersAdded?: Array<{ id: string }>;
  entities?: Array<{ type: string; mentioned?: { id: string } }>;
}

type Expected = { status: number; messages: 'none' | 'one text reply' | 'invoke answer' | 'dialog notice' };

function expectedFor(a: Recorded): Expected {
  if (a.type === 'invoke') {
    if (a.name === 'adaptiveCard/action') return { status: 200, messages: 'invoke answer' };
    // another app's message-extension command (these recordings come from a different bot): a polite notice
    if (a.name === 'composeExtension/fetchTask' || a.name === 'composeExtension/submitAction')
      return { status: 200, messages: 'dialog notice' };
    return { status: 501, messages: 'none' };
  }
  if (a.type === 'conversationUpdate')
    return { status: 200, messages: a.membersAdded?.some((m) => m.id === a.recipient.id) ? 'one text reply' : 'none' };
  if (a.type === 'message') {
    if (a.from.id.startsWith('28:')) return { status: 200, messages: 'none' }; // a bot's own message
    if (a.value && !a.text) return { status: 200, messages: 'none' }; // an old-style card submit
    const toBot = a.entities?.some((e) => e.type === 'mention' && e.mentioned?.id === a.recipient.id);
    const personal = !('channelData' in a) || !(a as { channelData?: { channel?: unknown } }).channelData?.channel;
    // none of these recordings describes a guest slip: a command word or chatter gets one short text answer
    return { status: 200, messages: toBot || personal ? 'one text reply' : 'none' };
  }
  return { status: 200, messages: 'none' };
}

describe('Teams conformance: recorded activities', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  const cases = files.filter((f) => {
    const json = JSON.parse(readFileSync(join(DATA, f), 'utf8')) as { activity?: unknown };
    return json.activity !== undefined; // reply_to_* hold the bot's outgoing call, not an activity to receive
  });

  (cases.length > 0 ? it.each(cases) : it.skip.each(['none']))('%s', async (file) => {
    const recorded = (JSON.parse(readFileSync(join(DATA, file), 'utf8')) as { activity: Recorded }).activity;
    const activity = { ...recorded, serviceUrl: app.fake.serviceUrl };
    const expected = expectedFor(activity);
    const response = await app.post(activity as unknown as Record<string, unknown>);
    expect(response.status).toBe(expected.status);
    // the barrier: the turn and whatever it queued have finished, so what was sent is all that will be
    await app.quiet();
    const sent = app.fake.sent();
    if (expected.messages === 'none') expect(sent).toEqual([]);
    if (expected.messages === 'one text reply') {
      expect(sent).toHaveLength(1);
      expect(String(sent[0]!.body.text).length).toBeGreaterThan(10);
      expect(sent[0]!.body.attachments ?? []).toEqual([]);
    }
    if (expected.messages === 'dialog notice') {
      expect(response.json).toMatchObject({ task: { type: 'message', value: expect.stringMatching(/\w/) } });
      expect(sent).toEqual([]);
    }
    if (expected.messages === 'invoke answer') {
      expect(response.json).toMatchObject({ statusCode: 200 });
      expect(sent).toEqual([]);
    }
  });
});
