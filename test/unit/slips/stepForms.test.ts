import { correctForm, FORM_LIMITS, followUpForm, readRecoverForm } from '../../../src/slips/stepForms';

describe('step forms (the same rules for Slack modals and Teams inline cards)', () => {
  it('Corrected: a blank cost is none; text and numbers both read; a cost needs a reason', () => {
    expect(correctForm({ fix: ' re-fired ', cost: '' })).toEqual({
      action: { kind: 'correct', gesture: undefined, cost: undefined, note: 're-fired', picked: true },
    });
    expect(correctForm({ gesture: 'Dessert on us', cost: 9 })).toEqual({
      action: { kind: 'correct', gesture: 'Dessert on us', cost: 9, note: undefined, picked: true },
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

  it('enforces every length the forms show, on the server: a 1 MB field is refused', () => {
    const mega = 'x'.repeat(1024 * 1024);
    expect(correctForm({ fix: mega })).toEqual({ field: 'fix', error: `Keep it under ${FORM_LIMITS.fix} characters.` });
    expect(correctForm({ gesture: mega, cost: 5 })).toMatchObject({ field: 'gesture' });
    expect(followUpForm({ dueAt: Date.now() + 60_000, promise: mega }, Date.now())).toMatchObject({ field: 'promise' });
    expect(readRecoverForm({ text: mega })).toMatchObject({ field: 'text' });
    expect(readRecoverForm({ text: 'T12 cold soup', guest: mega })).toMatchObject({ field: 'guest' });
    expect(readRecoverForm({ text: 'T12 cold soup', category: mega })).toMatchObject({ field: 'category' });
    // at the limit is fine
    expect(correctForm({ fix: 'x'.repeat(FORM_LIMITS.fix) })).toHaveProperty('action');
  });
});
