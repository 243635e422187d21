import { buildReminder } from '../../src/followups/reminder';
import { renderEscalation } from '../../src/platforms/slack/blocks/alerts';
import { renderHome } from '../../src/platforms/slack/blocks/home';
import { correctModal, followUpModal, recoverModal } from '../../src/platforms/slack/blocks/modals';
import { renderRecoveryCard } from '../../src/platforms/slack/blocks/recoveryCard';
import { renderReminder } from '../../src/platforms/slack/blocks/reminder';
import { defaultPlaybook } from '../../src/playbook/load';
import { applyAction } from '../../src/slips/lifecycle';
import { buildEscalation } from '../../src/views/escalation';
import { buildHome } from '../../src/views/home';
import { buildRecoveryCard } from '../../src/views/recoveryCard';
import { blockKitProblems } from '../helpers/blockKit';
import { aSlip } from '../helpers/fixtures';

const venue = { timezone: 'America/Chicago', currency: 'USD' };
const huge = `${'<!channel> the guest said '.repeat(2000)}end`;

describe('every Block Kit surface stays within Slack limits', () => {
  it('recovery cards: fresh, in progress, escalated, collapsed, and with a huge quote', () => {
    let slip = aSlip({ text: huge });
    const cards = [slip];
    slip = applyAction(slip, { kind: 'acknowledge' }, 'U1', 1);
    slip = applyAction(slip, { kind: 'correct', gesture: 'x'.repeat(500), cost: 8 }, 'U1', 2);
    cards.push(
      slip,
      applyAction(slip, { kind: 'escalate', reason: 'r'.repeat(1000) }, 'U1', 3),
      applyAction(slip, { kind: 'close' }, 'U1', 4),
    );
    for (const card of cards)
      expect(blockKitProblems(renderRecoveryCard(buildRecoveryCard(card, venue), 0))).toEqual([]);
  });

  it('escalations and reminders', () => {
    const slip = aSlip({
      text: huge,
      followUp: { purpose: 'check-back', dueAt: 1, status: 'scheduled', nudges: 0, promise: 'p'.repeat(3000) },
    });
    expect(blockKitProblems(renderEscalation(buildEscalation(slip, 'why '.repeat(2000))))).toEqual([]);
    for (const stage of ['remind', 'nudge', 'handover'] as const)
      expect(blockKitProblems(renderReminder(buildReminder(slip, stage, 'UTC')))).toEqual([]);
  });

  it('App Home with many open slips and the manager view', () => {
    const slips = Array.from({ length: 60 }, (_, i) =>
      aSlip({
        id: String(i + 1),
        text: huge,
        followUp: { purpose: 'check-back', dueAt: i, status: 'scheduled', nudges: 0 },
      }),
    );
    const home = buildHome({
      user: 'U1',
      mySlips: slips,
      playbook: defaultPlaybook(),
      manager: { channels: [], weekSlips: slips, playbookVersion: 3 },
    });
    expect(home.moreSlips).toBe(48);
    const view = renderHome(
      home,
      Array.from({ length: 60 }, () => ({ type: 'divider' })),
    );
    expect(blockKitProblems(view as { blocks: unknown[] }, 'home')).toEqual([]);
  });

  it('modals, even with a playbook of many categories and gestures', () => {
    const categories = Array.from({ length: 150 }, (_, i) => ({
      id: `c${i}`,
      name: `Category ${i} ${'x'.repeat(100)}`,
    }));
    const modals = [
      recoverModal(
        { channel: 'C1', messageTs: '1.2' },
        { text: huge, guestRef: 'T12', categoryId: 'c3', severity: 'high', categories },
      ),
      followUpModal(
        { slipId: '1', channel: 'C1', cardTs: '1.3' },
        { defaultDueAt: Date.now(), promise: 'x'.repeat(500) },
      ),
      correctModal(
        { slipId: '1' },
        {
          gestures: Array.from({ length: 120 }, (_, i) => `g${i}`),
          needsApproval: ['Comp the meal (ask a manager)'],
          currency: 'USD',
          managerOwned: false,
        },
      ),
    ];
    for (const modal of modals) expect(blockKitProblems(modal as { blocks: unknown[] }, 'modal')).toEqual([]);
  });
});
