import { correctForm, followUpForm, readRecoverForm } from '../../../src/slips/stepForms';

describe('step forms (the same rules for Slack modals and Teams inline cards)', () => {
  it('Corrected: a blank cost is none; text and numbers both read; a cost needs a reason', () => {
    expect(correctForm({ fix: ' re-fired ', cost: '' })).toEqual({
      action: { kind: 'correct', gesture: undefined, cost: undefined, note: 're-fired' },
    });
    expect(correctForm({ gesture: 'Dessert on us', cost: 9 })).toEqual({
      action: { kind: 'correct', gesture: 'Dessert on us', cost: 9, note: undefined },
    });
    expect(correctForm({ cost: 'lots' })).toEqual({ field: 'cost', error: 'Enter a cost of 0 or more.' });
    expect(correctForm({ cost: '-3', fix: 'x' })).toEqual({ field: 'cost', error: 'Enter a cost of 0 or more.' });
    expect(correctForm({ cost: '12', fix: '  ' })).toEqual({ field: 'gesture', error: 'Say what the cost was for.' });
  });

  it('Schedule follow-up: a usable time, not in the past (a minute of grace), with the promise trimmed', () => {
    const now = 1_000_000_000;
    expect(followUpForm({ dueAt: Number.NaN }, now)).toEqual({ field: 'due', error: 'Pick a day and a time.' });
    expect(followUpForm({ dueAt: now - 120_000 }, now)).toEqual({ field: 'due', error: 'Pick a time in the future.' });
    expect(followUpForm({ dueAt: now - 30_000, promise: ' call at 9 ' }, now)).toEqual({
      action: { kind: 'schedule_followup', dueAt: now - 30_000, promise: 'call at 9' },
    });
  });

  it('/recover form: what happened is needed, a severity must be one of ours, blanks are left out', () => {
    expect(readRecoverForm({ text: '  ', guest: 'T12' })).toEqual({ field: 'text', error: 'Tell me what happened.' });
    expect(readRecoverForm({ text: 'T12 cold soup', severity: 'apocalyptic' })).toEqual({
      field: 'severity',
      error: 'Pick a severity from the list.',
    });
    expect(readRecoverForm({ text: ' T12 cold soup ', guest: 'T12', category: '', severity: 'high' })).toEqual({
      text: 'T12 cold soup',
      options: { force: true, categoryId: undefined, severity: 'high', guestRef: 'T12' },
    });
  });
});
