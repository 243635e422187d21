import { shiftAt } from '../../../src/handoff/schedule';
import { buildHandoffSummary, type SummaryInput } from '../../../src/handoff/summary';
import { renderHandoff } from '../../../src/platforms/slack/blocks/handoff';
import { defaultPlaybook } from '../../../src/playbook/load';
import { applyAction } from '../../../src/slips/lifecycle';
import type { Slip } from '../../../src/slips/slip';
import { blockKitProblems } from '../../helpers/blockKit';
import { aSlip } from '../../helpers/fixtures';

const schedule = { boundaries: ['06:00', '14:00', '22:00'], timezone: 'America/Chicago' };
const shift = shiftAt(schedule, Date.UTC(2026, 10, 22, 23, 0)); // 17:00 Chicago: the 14:00-22:00 shift
const next = shiftAt(schedule, shift.end);
const playbook = defaultPlaybook();
const at = (minutes: number) => shift.start + minutes * 60_000;

function slip(id: number, overrides: Partial<Slip> = {}): Slip {
  return aSlip({
    id: String(id),
    messageRef: `m${id}`,
    guestRef: { text: `T${id}`, key: `table:${id}`, kind: 'table' },
    createdAt: at(id),
    updatedAt: at(id),
    timeline: [{ at: at(id), by: 'alex', kind: 'reported' }],
    ...overrides,
  });
}

function input(
  shiftSlips: Slip[],
  openSlips: Slip[] = shiftSlips.filter((s) => s.status !== 'closed' && s.status !== 'dismissed'),
): SummaryInput {
  return {
    tenant: 'slack-T1',
    channel: 'C1',
    schedule: { ...schedule, quiet: 'line', appId: 'A1' },
    shift,
    nextShift: next,
    shiftSlips,
    openSlips,
    playbook,
  };
}

describe('handoff summary', () => {
  it('an empty shift is quiet: a short line, or nothing when the channel asked for silence', () => {
    const view = buildHandoffSummary(input([]));
    expect(view).toMatchObject({ quiet: true, carryOvers: [], happened: [], counts: { total: 0 } });
    expect(JSON.stringify(renderHandoff(view)!.message.blocks)).toContain('No guest issues logged this shift');
    expect(renderHandoff({ ...view, quietStyle: 'silent' })).toBeUndefined();
  });

  it('a typical shift: counts, carry-overs first, what happened, kudos for a connect', () => {
    let done = slip(10, { owner: 'sam' });
    done = applyAction(done, { kind: 'acknowledge' }, 'sam', at(11));
    done = applyAction(done, { kind: 'correct', gesture: 'dessert', cost: 8 }, 'sam', at(12));
    done = applyAction(done, { kind: 'connect' }, 'sam', at(20));
    done = applyAction(done, { kind: 'close' }, 'sam', at(30));
    const open = slip(40, { severity: 'high', categoryId: 'long_wait' });
    const view = buildHandoffSummary(input([done, open]));
    expect(view.counts).toMatchObject({ total: 2, recovered: 1, open: 1, bySeverity: { high: 1, medium: 1 } });
    expect(view.carryOvers.map((c) => c.slipId)).toEqual(['40']);
    expect(view.happened.map((h) => [h.slipId, h.handledBy])).toEqual([
      ['40', 'alex'],
      ['10', 'sam'],
    ]);
    expect(view.kudos).toEqual([{ user: 'sam', slipIds: ['10'] }]);
    const rendered = renderHandoff(view)!;
    expect(blockKitProblems(rendered.message)).toEqual([]);
    const json = JSON.stringify(rendered.message.blocks);
    expect(json.indexOf('Carry over')).toBeLessThan(json.indexOf('What happened'));
    expect(json).toContain('rc_handoff_take');
    expect(json).toContain('slack://app?team=T1&id=A1&tab=home');
    expect(json).toContain('Kudos');
  });

  it('carries over every kind, most important first: escalated, severe, follow-up due, repeat guest, open', () => {
    const escalated = slip(1, { escalated: true, severity: 'medium' });
    const critical = slip(2, { severity: 'critical', categoryId: 'safety' });
    const due = slip(3, {
      followUp: {
        purpose: 'check-back',
        dueAt: next.start + 3_600_000,
        status: 'scheduled',
        promise: 'call before checkout',
        nudges: 0,
      },
    });
    const repeat = slip(4, { repeatOf: ['9'], guestRef: { text: 'rm 405', key: 'room:405', kind: 'room' } });
    const earlier = aSlip({ id: '5', messageRef: 'm5', guestRef: undefined, createdAt: shift.start - 86_400_000 });
    const later = slip(6, {
      followUp: { purpose: 'check-back', dueAt: next.end + 86_400_000, status: 'scheduled', nudges: 0 },
    });
    const view = buildHandoffSummary(
      input([escalated, critical, due, repeat, later], [escalated, critical, due, repeat, earlier, later]),
    );
    expect(view.carryOvers.map((c) => [c.slipId, c.kinds])).toEqual([
      ['1', ['escalated', 'open']],
      ['2', ['open']],
      ['3', ['followup_due', 'open']],
      ['4', ['repeat', 'open']],
      ['5', ['open']],
      ['6', ['open']],
    ]);
    expect(view.carryOvers[2]).toMatchObject({ promise: 'call before checkout', dueAt: next.start + 3_600_000 });
    expect(view.happened).toHaveLength(5);
  });

  it('a 500-slip shift stays within Block Kit limits, most important first, with the full list in the thread', () => {
    const slips = Array.from({ length: 500 }, (_, i) =>
      slip(i + 1, {
        severity: i % 50 === 0 ? 'critical' : 'medium',
        escalated: i === 499,
        guestRef: { text: `T${i}`, key: `table:${i}`, kind: 'table' },
      }),
    );
    const view = buildHandoffSummary(input(slips));
    const rendered = renderHandoff(view)!;
    expect(blockKitProblems(rendered.message)).toEqual([]);
    const json = JSON.stringify(rendered.message.blocks);
    expect(json).toContain('#500');
    expect(json.indexOf('#500')).toBeLessThan(json.indexOf('#1 '));
    expect(json).toMatch(/\+488 more carried over/);
    expect(json).toMatch(/\+460 more: the full list is in the thread/);
    expect(rendered.fullList!.length).toBeGreaterThan(0);
    for (const reply of rendered.fullList!) expect(blockKitProblems(reply)).toEqual([]);
    const all = rendered.fullList!.map((r) => JSON.stringify(r.blocks)).join('');
    for (const id of [1, 250, 500]) expect(all).toContain(`#${id} `);
  });
});
