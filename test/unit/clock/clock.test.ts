import {
  clockTargets,
  pendingTargets,
  readClock,
  spokenDuration,
  stepTimes,
  targetMet,
} from '../../../src/clock/clock';
import type { ClockJob, ClockQueue } from '../../../src/clock/ports';
import { QueuedClocks } from '../../../src/clock/scheduler';
import { clockLine } from '../../../src/clock/words';
import { plainStyle } from '../../../src/conversation/style';
import { renderCardText } from '../../../src/platforms/shell/render';
import { renderRecoveryCard as slackCard } from '../../../src/platforms/slack/blocks/recoveryCard';
import { renderRecoveryCard as teamsCard } from '../../../src/platforms/teams/cards/recoveryCard';
import { defaultPlaybook } from '../../../src/playbook/load';
import type { Playbook } from '../../../src/playbook/schema';
import { applyAction } from '../../../src/slips/lifecycle';
import type { Slip } from '../../../src/slips/slip';
import { buildRecoveryCard } from '../../../src/views/recoveryCard';
import { aSlip } from '../../helpers/fixtures';
import { manualClock, message, serviceWith } from '../../helpers/slips';

const PLAIN = plainStyle({ command: (w) => w, report: (w) => w, home: 'home' });
const T0 = Date.UTC(2026, 10, 22, 18, 0);
const venue = { timezone: 'UTC', currency: 'USD' };

function clocked(overrides: Partial<Slip> = {}): Slip {
  return aSlip({
    createdAt: T0,
    updatedAt: T0,
    status: 'open',
    timeline: [{ at: T0, by: 'U1', kind: 'reported' }],
    targets: clockTargets(defaultPlaybook(), 'wrong_order', 'medium'),
    ...overrides,
  });
}

describe('the recovery clock (pure)', () => {
  it("has the issue's defaults: acknowledge 2 min, correct 6, the manager at 10", () => {
    expect(clockTargets(defaultPlaybook(), 'wrong_order', 'medium')).toEqual({
      acknowledgeMs: 120_000,
      correctMs: 360_000,
      managerMs: 600_000,
    });
  });

  it("takes the playbook's targets, then its severity's, then the category's", () => {
    const base = defaultPlaybook();
    const playbook: Playbook = {
      ...base,
      targets: { acknowledge: 3, correct: 8, manager: 15, bySeverity: { high: { acknowledge: 1, manager: 5 } } },
      categories: base.categories.map((c) => (c.id === 'long_wait' ? { ...c, targets: { correct: 4 } } : c)),
    };
    expect(clockTargets(playbook, 'wrong_order', 'medium')).toEqual({
      acknowledgeMs: 180_000,
      correctMs: 480_000,
      managerMs: 900_000,
    });
    expect(clockTargets(playbook, 'wrong_order', 'high')).toEqual({
      acknowledgeMs: 60_000,
      correctMs: 480_000,
      managerMs: 300_000,
    });
    expect(clockTargets(playbook, 'long_wait', 'high')).toEqual({
      acknowledgeMs: 60_000,
      correctMs: 240_000,
      managerMs: 300_000,
    });
  });

  it('says durations as people do', () => {
    expect(spokenDuration(40_000)).toBe('40 s');
    expect(spokenDuration(100_000)).toBe('1 min 40 s');
    expect(spokenDuration(420_000)).toBe('7 min');
    expect(spokenDuration(7_500_000)).toBe('2 h 5 min');
  });

  it('reads the step times off the timeline and says the clock in words', () => {
    let slip = clocked();
    expect(clockLine({ times: stepTimes(slip), targets: slip.targets!, open: true }, T0 + 70_000, PLAIN)).toBe(
      'open 1 min 10 s: acknowledge within 2 min',
    );
    slip = applyAction(slip, { kind: 'acknowledge' }, 'U1', T0 + 100_000);
    const times = stepTimes(slip);
    expect(times).toEqual({ reportedAt: T0, acknowledgedAt: T0 + 100_000 });
    expect(clockLine({ times, targets: slip.targets!, open: true }, T0 + 420_000, PLAIN)).toBe(
      'acknowledged in 1 min 40 s · open 7 min: correct is overdue',
    );
    slip = applyAction(slip, { kind: 'correct', gesture: 'dessert' }, 'U1', T0 + 400_000);
    slip = applyAction(slip, { kind: 'connect' }, 'U1', T0 + 900_000);
    slip = applyAction(slip, { kind: 'close' }, 'U1', T0 + 950_000);
    expect(stepTimes(slip)).toMatchObject({
      correctedAt: T0 + 400_000,
      connectedAt: T0 + 900_000,
      endedAt: T0 + 950_000,
    });
    expect(clockLine({ times: stepTimes(slip), targets: slip.targets!, open: false }, T0 + 2_000_000, PLAIN)).toBe(
      'acknowledged in 1 min 40 s · corrected in 6 min 40 s (late) · connected in 15 min',
    );
    expect(
      readClock({ times: stepTimes(slip), targets: slip.targets!, open: false }, T0).every((p) => p.kind === 'done'),
    ).toBe(true);
  });

  it('knows which targets are still pending and when they fall due', () => {
    const slip = clocked();
    expect(pendingTargets(slip)).toEqual([
      { target: 'acknowledge', at: T0 + 120_000 },
      { target: 'correct', at: T0 + 360_000 },
      { target: 'manager', at: T0 + 600_000 },
    ]);
    const acked = applyAction(slip, { kind: 'acknowledge' }, 'U1', T0 + 1000);
    expect(pendingTargets(acked).map((p) => p.target)).toEqual(['correct', 'manager']);
    const fixed = applyAction(acked, { kind: 'correct' }, 'U1', T0 + 2000);
    expect(pendingTargets(fixed)).toEqual([]);
    expect(targetMet({ ...slip, escalated: true }, 'manager')).toBe(true);
    expect(targetMet(applyAction(slip, { kind: 'close' }, 'U1', T0 + 5), 'acknowledge')).toBe(true);
    expect(pendingTargets({ ...slip, targets: undefined })).toEqual([]);
  });

  it('shows the clock on the Slack, Teams and shell cards', () => {
    const slip = applyAction(clocked({ id: '7' }), { kind: 'acknowledge' }, 'U1', T0 + 100_000);
    const view = buildRecoveryCard(slip, venue);
    const now = T0 + 420_000;
    const words = 'acknowledged in 1 min 40 s · open 7 min: correct is overdue';
    expect(JSON.stringify(slackCard(view, now).blocks)).toContain(words);
    expect(JSON.stringify(teamsCard(view, { now, people: () => 'Alex' }).card)).toContain(words);
    expect(renderCardText(view, now)).toContain(`⏱ ${words}`);
    // a slip from before the clock has no targets, and its card no clock line
    expect(renderCardText(buildRecoveryCard({ ...slip, targets: undefined }, venue), now)).not.toContain('⏱');
  });
});

describe('the clock through the slip use cases', () => {
  function recorder() {
    const added: Array<{ job: ClockJob; at: number }> = [];
    const removed: string[] = [];
    const queue: ClockQueue = {
      add: async (job, at) => void added.push({ job, at }),
      remove: async (_tenant, slipId, target) => void removed.push(`${slipId}:${target}`),
    };
    return { added, removed, clocks: new QueuedClocks(queue) };
  }

  it('starts a job per target when a slip is reported and removes each as its step is done', async () => {
    const clock = manualClock(T0);
    const { added, removed, clocks } = recorder();
    const { service } = serviceWith({ clocks, clock: clock.now });
    const result = await service.report(message('T12 got the wrong steak, guest annoyed'));
    if (result.kind !== 'reported') throw new Error('not reported');
    const id = result.slip.id;
    expect(result.slip.targets).toEqual({ acknowledgeMs: 120_000, correctMs: 360_000, managerMs: 600_000 });
    expect(added.map((a) => [a.job.target, a.at - T0])).toEqual([
      ['acknowledge', 120_000],
      ['correct', 360_000],
      ['manager', 600_000],
    ]);
    clock.advance(30_000);
    await service.act(result.slip.tenant, id, 'alex', { kind: 'acknowledge' });
    expect(removed).toEqual([`${id}:acknowledge`]);
    await service.act(result.slip.tenant, id, 'alex', { kind: 'correct', note: 'refired' });
    expect(removed).toEqual([`${id}:acknowledge`, `${id}:acknowledge`, `${id}:correct`, `${id}:manager`]);
  });

  it('watches the targets a reopened slip has not met again, and only those', async () => {
    const clock = manualClock(T0);
    const { added, clocks } = recorder();
    const { service } = serviceWith({ clocks, clock: clock.now });
    const result = await service.report(message('T7 soup was cold, guest unhappy'));
    if (result.kind !== 'reported') throw new Error('not reported');
    const { tenant, id } = result.slip;
    await service.act(tenant, id, 'alex', { kind: 'acknowledge' });
    await service.act(tenant, id, 'alex', { kind: 'close' });
    added.length = 0;
    clock.advance(60_000);
    await service.act(tenant, id, 'sam', { kind: 'reopen' });
    expect(added.map((a) => a.job.target)).toEqual(['correct', 'manager']);
  });

  it('does not start the manager target for a slip that reached a manager at once', async () => {
    const { added, clocks } = recorder();
    const { service } = serviceWith({ clocks, clock: manualClock(T0).now });
    const result = await service.report(message('guest at T4 had an allergic reaction, ambulance called'));
    if (result.kind !== 'reported') throw new Error('not reported');
    expect(result.slip.escalated).toBe(true);
    expect(added.map((a) => a.job.target)).toEqual(['acknowledge', 'correct']);
  });
});
