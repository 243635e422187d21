import { type SlackTestApp, startSlackTestApp } from '../../helpers/slackApp';
import { channelMessage } from '../../helpers/slackRequests';

const MESSAGES = 500;
const CHANNELS = 20;
const WINDOW_MS = 10_000;
const SLIPS = [
  'got the wrong steak, guest annoyed',
  'waited 45 minutes for mains, guest furious',
  'soup was cold, guest sent it back',
  'was overcharged on the bill, wants it fixed',
  'room not cleaned, guest upset',
];

describe('fault: a burst of 500 channel messages in 10 s across 20 channels', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp();
    for (let c = 0; c < CHANNELS; c++) await app.watch(`CB${c}`);
  });
  afterAll(() => app.stop());

  it('acks every one, cards every slip exactly once, loses none', async () => {
    const sent: Array<{ channel: string; ts: string }> = [];
    const acks: Array<Promise<number>> = [];
    const base = Math.floor(Date.now() / 1000);
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      const channel = `CB${i % CHANNELS}`;
      const ts = `${base}.${String(i).padStart(6, '0')}`;
      sent.push({ channel, ts });
      acks.push(
        app
          .event(channelMessage(`T${i} ${SLIPS[i % SLIPS.length]}`, { channel, ts, event_ts: ts, user: `U${i % 40}` }))
          .then((r) => r.status),
      );
      // paced over the window, as a busy Friday would send them
      const due = started + ((i + 1) * WINDOW_MS) / MESSAGES;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const statuses = await Promise.all(acks);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // cards are the threaded replies (escalation DMs to managers go elsewhere)
    const threaded = () => app.fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts !== undefined);
    const deadline = Date.now() + 30_000;
    while (threaded().length < MESSAGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const cards = threaded();
    const carded = new Map<string, number>();
    for (const card of cards) {
      const key = `${card.body.channel}|${card.body.thread_ts}`;
      carded.set(key, (carded.get(key) ?? 0) + 1);
    }
    // a message with more than one threaded post, with what was posted: a second card and a "could not save" note
    // after a card are different defects
    const doubled = [...carded].flatMap(([key, n]) =>
      n === 1
        ? []
        : [
            {
              key,
              posts: cards
                .filter((c) => `${c.body.channel}|${c.body.thread_ts}` === key)
                .map((c) => String(c.body.text).slice(0, 120)),
            },
          ],
    );
    expect(doubled).toEqual([]);
    const missing = sent.filter(({ channel, ts }) => !carded.has(`${channel}|${ts}`));
    expect(missing).toEqual([]);
    // the barrier: every listener and job has finished, so no late duplicate card can still come
    await app.quiet();
    expect(threaded()).toHaveLength(MESSAGES);
  });
});
