import { offerFor, readThreadReply } from '../../../src/conversation/threadReplies';
import type { Slip } from '../../../src/slips/slip';

function slip(overrides: Partial<Slip> = {}): Slip {
  return {
    id: '1',
    tenant: 't',
    platform: 'slack',
    channel: 'C1',
    messageRef: 'm',
    threadRef: 'm',
    reporter: 'U1',
    owner: 'U1',
    text: 'T12 got the wrong steak',
    categoryId: 'wrong_order',
    severity: 'medium',
    confidence: 0.9,
    advice: {} as Slip['advice'],
    status: 'open',
    escalated: false,
    repeatOf: [],
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    timeline: [],
    ...overrides,
  };
}

const meaningOf = (text: string) => readThreadReply(text).meanings;

describe('thread replies in plain words', () => {
  it.each([
    'done, comped dessert',
    'all sorted - took the steak off their bill',
    'fixed it, new plate went out',
    'Remade the burger for them',
    'brought the right wine over',
    'refunded the drinks',
    'gave them dessert on the house',
  ])('reads "%s" as corrected', (text) => {
    expect(meaningOf(text)).toContain('corrected');
  });

  it.each([
    'guest happy now',
    'They’re smiling again',
    'all good with table 4 now',
    'she left happy',
    'they loved it, thanked us on the way out',
  ])('reads "%s" as recovered', (text) => {
    expect(meaningOf(text)).toContain('recovered');
    expect(meaningOf(text)).not.toContain('still_unhappy');
  });

  it.each([
    "can't reach them",
    'no answer from room 412',
    'went straight to voicemail',
    "they'd already left",
    "couldn't get hold of the guest",
  ])('reads "%s" as unreachable', (text) => {
    expect(meaningOf(text)).toContain('unreachable');
  });

  it.each(['still fuming', "he's not happy at all", 'not impressed', 'guest wants the manager'])(
    'reads "%s" as still unhappy, not recovered',
    (text) => {
      expect(meaningOf(text)).toContain('still_unhappy');
      expect(meaningOf(text)).not.toContain('recovered');
    },
  );

  it.each(['apologised to them', 'said sorry, on it', 'talked to the table'])('reads "%s" as acknowledged', (text) => {
    expect(meaningOf(text)).toEqual(['acknowledged']);
  });

  it.each(['who has table 5?', 'ok', 'thanks', 'not fixed yet', 'kitchen is slammed', "haven't apologised yet"])(
    'finds nothing to record in "%s"',
    (text) => {
      expect(meaningOf(text)).toEqual([]);
    },
  );

  it('takes the gesture and its cost from a comp', () => {
    expect(readThreadReply('done, comped dessert $8')).toMatchObject({ gesture: 'dessert', cost: 8 });
    expect(readThreadReply('dessert on the house')).toMatchObject({ gesture: 'dessert' });
    expect(readThreadReply('fixed it').gesture).toBeUndefined();
  });

  it('offers the corrected step, with the missing acknowledge first, and the gesture', () => {
    const offer = offerFor(slip(), readThreadReply('done, comped dessert'));
    expect(offer).toMatchObject({ step: 'correct', steps: ['acknowledge', 'correct'] });
    expect(offer!.actions).toEqual([
      { kind: 'acknowledge' },
      { kind: 'correct', note: 'done, comped dessert', gesture: 'dessert' },
    ]);
    expect(offerFor(slip({ status: 'acknowledged' }), readThreadReply('fixed'))!.steps).toEqual(['correct']);
  });

  it('gives a due follow-up the guest’s news, and nothing for a step already done or a closed slip', () => {
    const followUp = { purpose: 'check-back', dueAt: 1, status: 'scheduled' as const, nudges: 0 };
    const corrected = slip({ status: 'corrected', followUp, timeline: [{ at: 0, by: 'U1', kind: 'corrected' }] });
    expect(offerFor(corrected, readThreadReply('guest happy now'))).toMatchObject({
      step: 'followup',
      outcome: 'recovered',
    });
    expect(offerFor(corrected, readThreadReply("can't reach them"))).toMatchObject({ outcome: 'unreachable' });
    expect(offerFor(corrected, readThreadReply('still upset'))).toMatchObject({ outcome: 'not_recovered' });
    expect(offerFor(slip({ status: 'corrected' }), readThreadReply('fixed it'))).toBeUndefined();
    expect(offerFor(slip({ status: 'closed' }), readThreadReply('fixed it'))).toBeUndefined();
    expect(offerFor(slip(), readThreadReply('still angry'))).toMatchObject({ step: 'escalate' });
  });
});
