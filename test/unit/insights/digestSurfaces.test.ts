import { DateTime } from 'luxon';
import { svgToPng } from '../../../src/infra/chart/png';
import { buildDigest } from '../../../src/insights/digest';
import { summarize } from '../../../src/insights/figures';
import { renderOutboundText } from '../../../src/platforms/shell/render';
import type { ConversationRef } from '../../../src/platforms/teams/activity';
import type { OutgoingActivity, TeamsConnector } from '../../../src/platforms/teams/connector';
import { TeamsMessenger } from '../../../src/platforms/teams/messenger';
import type { TeamsReferenceStore } from '../../../src/platforms/teams/references';
import { defaultPlaybook } from '../../../src/playbook/load';
import type { Outbound } from '../../../src/views/outbound';

function digestMessage(): Extract<Outbound, { kind: 'digest' }> {
  const counts = [3, 5, 0, 2, 7, 4, 1];
  const days = Array.from({ length: 35 }, (_, i) => {
    const day = DateTime.fromISO('2026-11-22')
      .minus({ days: 34 - i })
      .toISODate()!;
    const n = i >= 28 ? counts[i - 28]! : 0;
    return { day, counters: { n, 'c|long_wait': n, 'k|aad-sam': i === 34 ? 2 : 0 } };
  });
  const insights = summarize({ tenant: 'teams-t1', days, period: 7, playbook: defaultPlaybook('restaurant', 'UTC') });
  const digest = buildDigest({ week: '2026-W48', insights, previousTotal: 20 });
  return { kind: 'digest', digest, png: svgToPng(digest.svg) };
}

describe('the digest on each surface', () => {
  it('Teams: an Adaptive Card with the chart as a PNG data URI and its alt text, the week above it', async () => {
    const sent: OutgoingActivity[] = [];
    const ref = { conversationId: 'a:1', conversationType: 'personal' } as unknown as ConversationRef;
    const connector = {
      send: async (_ref: ConversationRef, activity: OutgoingActivity) => {
        sent.push(activity);
        return 'm1';
      },
    } as unknown as TeamsConnector;
    const refs = {
      conversation: async () => ref,
      people: async () => new Map([['aad-sam', { name: 'Sam Rivera', teamsId: '29:sam' }]]),
    } as unknown as TeamsReferenceStore;
    const message = digestMessage();
    await new TeamsMessenger(connector, refs).sendDirect('teams-t1', 'aad-mgr', message, { deliveryKey: 'k' });
    expect(sent).toHaveLength(1);
    const card = sent[0]!.attachments![0]!.content as { body: Array<Record<string, unknown>> };
    const image = card.body.find((e) => e.type === 'Image')!;
    const url = String(image.url);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').equals(Buffer.from(message.png))).toBe(
      true,
    );
    expect(String(image.altText)).toContain('2026-11-16 3, 2026-11-17 5');
    const texts = card.body.map((e) => JSON.stringify(e));
    const at = texts.findIndex((t) => t.includes('"Image"'));
    expect(texts.slice(0, at).join('')).toContain('1. 22 slips (2 more than the week before)');
    expect(texts.slice(at).join('')).toContain('Kudos: Sam Rivera (2)');
    // well inside the size Teams accepts for a bot message
    expect(JSON.stringify(sent[0]).length).toBeLessThan(28_000);
  });

  it('the shell prints the words and the chart alt text', () => {
    const text = renderOutboundText(digestMessage(), Date.now());
    expect(text).toContain('Your week in recovery, 2026-11-16 to 2026-11-22');
    expect(text).toContain('📊 Bar chart of slips per day, 2026-11-16 to 2026-11-22: 2026-11-16 3');
  });
});
