import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildReminder } from '../../../src/followups/reminder';
import { shiftAt } from '../../../src/handoff/schedule';
import { buildHandoffSummary } from '../../../src/handoff/summary';
import { renderEscalation } from '../../../src/platforms/teams/cards/escalation';
import { renderHandoff } from '../../../src/platforms/teams/cards/handoff';
import { renderRecoveryCard } from '../../../src/platforms/teams/cards/recoveryCard';
import { MAX_PICKER_PEOPLE, renderReminder, renderReminderAnswered } from '../../../src/platforms/teams/cards/reminder';
import { buildTeamsPackage } from '../../../src/platforms/teams/package/build';
import { teamsManifest } from '../../../src/platforms/teams/package/manifest';
import { defaultPlaybook } from '../../../src/playbook/load';
import { applyAction } from '../../../src/slips/lifecycle';
import type { Slip } from '../../../src/slips/slip';
import { buildEscalation } from '../../../src/views/escalation';
import { buildRecoveryCard } from '../../../src/views/recoveryCard';
import { aSlip } from '../../helpers/fixtures';
import { adaptiveCardErrors, haveCardSchema, haveTeamsSchema, teamsManifestErrors } from '../../helpers/teamsSchemas';
import { unzip } from '../../helpers/unzip';

const venue = { timezone: 'America/Chicago', currency: 'USD' };
const people = (id: string) => (id === 'U1' ? 'Dana <b>Reyes</b>' : 'a teammate');
const huge = `${'<!channel> **bold** [link](https://evil.example) the guest said '.repeat(800)}end`;
const cardTest = haveCardSchema ? it : it.skip;
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function slipsAtEveryStage(): Slip[] {
  let slip = aSlip({ text: huge, owner: 'U1', reporter: 'U1' });
  const all = [slip];
  slip = applyAction(slip, { kind: 'acknowledge' }, 'U1', 1);
  all.push(slip);
  slip = applyAction(slip, { kind: 'correct', gesture: 'x'.repeat(500), cost: 8 }, 'U1', 2);
  all.push(slip, applyAction(slip, { kind: 'escalate', reason: 'r'.repeat(1000) }, 'U1', 3));
  all.push(applyAction(slip, { kind: 'close' }, 'U1', 4), applyAction(aSlip(), { kind: 'dismiss' }, 'U1', 5));
  return all;
}

describe('Teams Adaptive Cards', () => {
  cardTest('recovery cards at every stage validate against the Adaptive Card 1.5 schema', () => {
    for (const slip of slipsAtEveryStage()) {
      const { card, text } = renderRecoveryCard(buildRecoveryCard(slip, venue), {
        now: 10,
        people,
        problem: slip.status === 'corrected' ? '⚠ Only managers can give that.' : undefined,
        defaultFollowUpAt: Date.UTC(2026, 10, 23, 17, 0),
      });
      expect(adaptiveCardErrors(card)).toEqual([]);
      expect(card.version).toBe('1.5');
      expect(text.length).toBeLessThan(200);
    }
  });

  cardTest('staff words are never markdown: mentions, links and bold arrive as plain text runs', () => {
    const { card } = renderRecoveryCard(buildRecoveryCard(aSlip({ text: huge }), venue), { now: 0, people });
    const json = JSON.stringify(card);
    // the quote is a RichTextBlock TextRun (never parsed as markdown), and long text is cut
    const runs = JSON.stringify(card.body).match(/"TextRun","text":"“[^"]*/g) ?? [];
    expect(runs.length).toBe(1);
    expect(runs[0]!.length).toBeLessThan(2100);
    expect(json).not.toMatch(/"type":"TextBlock","text":"[^"]*<!channel>/);
  });

  cardTest('the step buttons are Action.Execute with the slip id, and a fresh card offers Acknowledge', () => {
    const { card } = renderRecoveryCard(buildRecoveryCard(aSlip({ id: '42' }), venue), { now: 0, people });
    const actions = JSON.stringify(card);
    expect(actions).toContain('"type":"Action.Execute"');
    expect(actions).toContain('"verb":"rc.acknowledge"');
    expect(actions).toContain('"slipId":"42"');
  });

  cardTest('reminders (each stage and answered) and escalations validate', () => {
    const slip = aSlip({
      text: huge,
      followUp: { purpose: 'check-back', dueAt: 1, status: 'scheduled', nudges: 0, promise: 'p'.repeat(3000) },
    });
    // a big venue: more people than a picker lists, the owner among them
    const teammates = Array.from({ length: 150 }, (_, i) => ({
      person: i === 7 ? slip.owner : `aad-${i}`,
      name: `P${i}`,
    }));
    for (const stage of ['remind', 'nudge', 'handover'] as const) {
      const reminder = buildReminder(slip, stage, 'UTC');
      expect(adaptiveCardErrors(renderReminder(reminder, people).card)).toEqual([]);
      const picked = renderReminder(reminder, people, teammates).card;
      expect(adaptiveCardErrors(picked)).toEqual([]);
      const choices = JSON.stringify(picked).match(/"value":"aad-\d+"/g) ?? [];
      expect(choices).toHaveLength(stage === 'handover' ? 0 : MAX_PICKER_PEOPLE);
      expect(JSON.stringify(picked)).not.toContain(`"value":"${slip.owner}"`);
      expect(adaptiveCardErrors(renderReminderAnswered(reminder, 'guest recovered', 'U1', people).card)).toEqual([]);
    }
    expect(adaptiveCardErrors(renderEscalation(buildEscalation(slip, 'why '.repeat(2000)), people).card)).toEqual([]);
  });

  cardTest(
    'handoffs: quiet, typical and a 500-slip shift stay valid, most important first, full list in replies',
    () => {
      const schedule = { boundaries: ['06:00', '14:00', '22:00'], timezone: 'America/Chicago' };
      const shift = shiftAt(schedule, Date.UTC(2026, 10, 22, 23, 0));
      const slips = Array.from({ length: 500 }, (_, i) =>
        aSlip({
          id: String(i + 1),
          messageRef: `m${i}`,
          severity: i % 50 === 0 ? 'critical' : 'medium',
          escalated: i === 499,
          guestRef: { text: `T${i}`, key: `table:${i}`, kind: 'table' },
          createdAt: shift.start + i * 1000,
          updatedAt: shift.start + i * 1000,
          timeline: [{ at: shift.start + i * 1000, by: 'U1', kind: 'reported' }],
        }),
      );
      const build = (shiftSlips: Slip[]) =>
        buildHandoffSummary({
          tenant: 'teams-x',
          channel: '19:c@thread.tacv2',
          schedule: { ...schedule, quiet: 'line', appId: 'A1' },
          shift,
          nextShift: shiftAt(schedule, shift.end),
          shiftSlips,
          openSlips: shiftSlips,
          playbook: defaultPlaybook(),
        });
      const quiet = renderHandoff(build([]), people)!;
      expect(adaptiveCardErrors(quiet.card)).toEqual([]);
      expect(JSON.stringify(quiet.card)).toContain('No guest issues logged');
      const big = renderHandoff(build(slips), people)!;
      expect(adaptiveCardErrors(big.card)).toEqual([]);
      const json = JSON.stringify(big.card);
      expect(json.indexOf('#500')).toBeGreaterThan(-1);
      expect(json.indexOf('#500')).toBeLessThan(json.indexOf('#2 '));
      expect(json).toContain('rc.handoff.take');
      expect(json.length).toBeLessThan(28_000); // Teams refuses messages over ~28 KB
      expect(big.replies.length).toBeGreaterThan(0);
      for (const reply of big.replies) {
        expect(adaptiveCardErrors(reply)).toEqual([]);
        expect(JSON.stringify(reply).length).toBeLessThan(28_000);
      }
      const all = big.replies.map((r) => JSON.stringify(r)).join('');
      for (const id of [1, 250, 500]) expect(all).toContain(`#${id} `);
    },
  );

  cardTest('the schema itself rejects a broken card and accepts a real Teams card (so these checks can fail)', () => {
    expect(adaptiveCardErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).not.toEqual([]);
    const sample = JSON.parse(
      readFileSync(
        resolve(__dirname, '../../../../shared/data/teams/teams-net/outgoing_message_with_adaptive_card.json'),
        'utf8',
      ),
    );
    expect(adaptiveCardErrors(sample.activity.attachments[0].content)).toEqual([]);
    expect(adaptiveCardErrors({ ...sample.activity.attachments[0].content, msteams: { width: 'Wide' } })).not.toEqual(
      [],
    );
  });
});

describe('Teams app manifest and package', () => {
  const manifest = teamsManifest({ appId: APP_ID, publicUrl: 'https://coach.example.com/some/path', version: '1.2.3' });

  (haveTeamsSchema ? it : it.skip)('validates against the Teams manifest schema 1.19', () => {
    expect(teamsManifestErrors(manifest)).toEqual([]);
    expect(teamsManifestErrors({ ...manifest, id: 'not-a-guid' })).not.toEqual([]);
  });

  it('asks for what the bot does: RSC channel messages, commands, the message action, team/personal scopes', () => {
    const m = manifest as {
      bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
      authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
      validDomains: string[];
    };
    expect(m.bots[0]!.botId).toBe(APP_ID);
    expect(m.bots[0]!.scopes).toEqual(expect.arrayContaining(['team', 'personal']));
    const titles = m.bots[0]!.commandLists.flatMap((l) => l.commands.map((c) => c.title));
    for (const word of ['recover', 'watch', 'unwatch', 'shifts', 'handoff', 'insights', 'help'])
      expect(titles).toContain(word);
    // Teams lists at most 10 commands per scope
    for (const list of m.bots[0]!.commandLists) expect(list.commands.length).toBeLessThanOrEqual(10);
    expect(m.authorization.permissions.resourceSpecific).toContainEqual({
      name: 'ChannelMessage.Read.Group',
      type: 'Application',
    });
    expect(m.validDomains).toEqual(['coach.example.com']);
    // "Recover from this message" in a post's menu: an action command the bot answers with a form
    expect((manifest as { composeExtensions: unknown }).composeExtensions).toEqual([
      {
        botId: APP_ID,
        commands: [
          expect.objectContaining({ id: 'recoverFromMessage', type: 'action', context: ['message'], fetchTask: true }),
        ],
      },
    ]);
  });

  it('refuses an app id that is not a GUID and a public URL that is not https', () => {
    expect(() => teamsManifest({ appId: 'recovery-coach', publicUrl: 'https://x.example', version: '1.0.0' })).toThrow(
      /GUID/,
    );
    expect(() => teamsManifest({ appId: APP_ID, publicUrl: 'http://x.example', version: '1.0.0' })).toThrow(/https/);
  });

  it('zips the manifest and both icons at the sizes Teams wants, byte-identical between builds', () => {
    const archive = buildTeamsPackage({ appId: APP_ID, publicUrl: 'https://coach.example.com', version: '1.2.3' });
    expect(
      buildTeamsPackage({ appId: APP_ID, publicUrl: 'https://coach.example.com', version: '1.2.3' }).equals(archive),
    ).toBe(true);
    const files = unzip(archive);
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).version).toBe('1.2.3');
    const size = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(files.get('color.png')!.subarray(1, 4).toString()).toBe('PNG');
    expect(size(files.get('color.png')!)).toEqual([192, 192]);
    expect(size(files.get('outline.png')!)).toEqual([32, 32]);
  });
});
