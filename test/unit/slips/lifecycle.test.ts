import { AppError } from '../../../src/errors';
import { applyAction } from '../../../src/slips/lifecycle';
import type { Slip } from '../../../src/slips/slip';
import { aSlip } from '../../helpers/fixtures';

const at = 1_000;

function expectInvalid(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_TRANSITION');
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected an INVALID_TRANSITION error');
}

describe('slip lifecycle', () => {
  it('runs acknowledge → correct → connect → close, logging who did what when', () => {
    let slip = aSlip();
    slip = applyAction(slip, { kind: 'acknowledge' }, 'ana', at);
    slip = applyAction(slip, { kind: 'correct', gesture: 'dessert on us', cost: 8 }, 'ana', at + 1);
    slip = applyAction(slip, { kind: 'connect', note: 'checked back' }, 'ben', at + 2);
    slip = applyAction(slip, { kind: 'close' }, 'ben', at + 3);
    expect(slip.status).toBe('closed');
    expect(slip.gesture).toEqual({ label: 'dessert on us', cost: 8 });
    expect(slip.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['reported', 'alex'],
      ['acknowledged', 'ana'],
      ['corrected', 'ana'],
      ['connected', 'ben'],
      ['closed', 'ben'],
    ]);
    expect(slip.timeline[2]).toMatchObject({ gesture: 'dessert on us', cost: 8, at: at + 1 });
  });

  it('does not change the slip it was given', () => {
    const slip = aSlip();
    applyAction(slip, { kind: 'acknowledge' }, 'ana', at);
    expect(slip.status).toBe('open');
    expect(slip.timeline).toHaveLength(1);
  });

  it('refuses steps out of order with a coaching message', () => {
    expectInvalid(() => applyAction(aSlip(), { kind: 'correct' }, 'ana', at), /Acknowledge first/);
    const acked = applyAction(aSlip(), { kind: 'acknowledge' }, 'ana', at);
    expectInvalid(() => applyAction(acked, { kind: 'connect' }, 'ana', at), /Correct first/);
    expectInvalid(() => applyAction(acked, { kind: 'acknowledge' }, 'ana', at), /already acknowledged/);
  });

  it('refuses anything but reopen on a closed slip, and reopen restores the step reached', () => {
    let slip = applyAction(aSlip(), { kind: 'acknowledge' }, 'ana', at);
    slip = applyAction(slip, { kind: 'close' }, 'ana', at);
    expectInvalid(() => applyAction(slip, { kind: 'escalate', reason: 'x' }, 'ana', at), /closed; reopen it first/);
    expectInvalid(() => applyAction(slip, { kind: 'close' }, 'ana', at), /closed/);
    const reopened = applyAction(slip, { kind: 'reopen' }, 'ana', at);
    expect(reopened.status).toBe('acknowledged');
    expectInvalid(() => applyAction(reopened, { kind: 'reopen' }, 'ana', at), /still open/);
  });

  it('schedules, snoozes and completes a follow-up; done needs one scheduled', () => {
    expectInvalid(() => applyAction(aSlip(), { kind: 'followup_done', outcome: 'recovered' }, 'a', at), /no follow-up/);
    let slip = applyAction(aSlip(), { kind: 'schedule_followup', dueAt: 5_000 }, 'a', at);
    expect(slip.followUp).toMatchObject({ status: 'scheduled', dueAt: 5_000, purpose: 'check-back' });
    slip = applyAction(slip, { kind: 'snooze', dueAt: 9_000 }, 'a', at);
    expect(slip.followUp!.dueAt).toBe(9_000);
    slip = applyAction(slip, { kind: 'followup_done', outcome: 'not_recovered' }, 'a', at);
    expect(slip.followUp).toMatchObject({ status: 'done', outcome: 'not_recovered' });
    expectInvalid(() => applyAction(slip, { kind: 'snooze', dueAt: 1 }, 'a', at), /no follow-up/);
  });

  it('closing cancels a scheduled follow-up', () => {
    let slip: Slip = applyAction(aSlip(), { kind: 'schedule_followup', dueAt: 5_000 }, 'a', at);
    slip = applyAction(slip, { kind: 'close' }, 'a', at);
    expect(slip.followUp!.status).toBe('cancelled');
    expect(slip.timeline.map((e) => e.kind)).toContain('followup_cancelled');
  });

  it('dismisses only before the fix', () => {
    expect(applyAction(aSlip(), { kind: 'dismiss' }, 'a', at).status).toBe('dismissed');
    let slip = applyAction(aSlip(), { kind: 'acknowledge' }, 'a', at);
    slip = applyAction(slip, { kind: 'correct' }, 'a', at);
    expectInvalid(() => applyAction(slip, { kind: 'dismiss' }, 'a', at), /close it instead/);
  });

  it('escalates once and reassigns to someone else', () => {
    const escalated = applyAction(aSlip(), { kind: 'escalate', reason: 'repeat guest' }, 'a', at);
    expect(escalated.escalated).toBe(true);
    const moved = applyAction(escalated, { kind: 'reassign', owner: 'ben' }, 'a', at);
    expect(moved.owner).toBe('ben');
    expectInvalid(() => applyAction(moved, { kind: 'reassign', owner: 'ben' }, 'a', at), /already owned/);
  });
});
