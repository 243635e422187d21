import type { SuggestInput } from '../../../src/coach/advice';
import { mayGive, suggestByRules } from '../../../src/coach/rulesAdvice';
import { defaultPlaybook } from '../../../src/playbook/load';
import { findRole } from '../../../src/playbook/schema';

const playbook = defaultPlaybook('restaurant');

function input(categoryId: string, roleId: string, overrides: Partial<SuggestInput> = {}): SuggestInput {
  return {
    text: 'x',
    detection: {
      isSlip: true,
      categoryId,
      confidence: 1,
      severity: 'medium',
      guestRef: undefined,
      reasons: [],
      candidates: [],
    },
    playbook,
    role: findRole(playbook, roleId),
    earlierForGuest: 0,
    ...overrides,
  };
}

describe('suggestByRules', () => {
  it("uses the category's own lines for the three steps", () => {
    const advice = suggestByRules(input('long_wait', 'server'));
    const category = playbook.categories.find((c) => c.id === 'long_wait')!;
    expect(advice.acknowledge).toEqual(category.acknowledge);
    expect(advice.correct).toEqual(category.correct);
    expect(advice.connect).toEqual(category.connect);
    expect(advice).toMatchObject({ followUp: category.followUp, engine: 'rules', escalate: false });
  });

  it('splits gestures by the reporter tier and comp limit, naming who to ask', () => {
    const server = suggestByRules(input('wrong_order', 'server'));
    expect(server.gestures.map((g) => g.label)).toEqual(['Drink or dessert on us']);
    expect(server.needsApproval.map((g) => [g.label, g.askRole])).toEqual([
      ['Take the dish off the bill', 'Shift lead'],
      ["Comp the table's meal", 'Manager'],
    ]);
    const lead = suggestByRules(input('wrong_order', 'shift_lead'));
    expect(lead.gestures).toHaveLength(2);
    const manager = suggestByRules(input('wrong_order', 'manager'));
    expect(manager.needsApproval).toHaveLength(0);
  });

  it('honours the comp limit even within the tier', () => {
    const role = { id: 'x', name: 'X', permission: 'staff' as const, tier: 2, compLimit: 20 };
    expect(mayGive(role, { tier: 2, cost: 30 })).toBe(false);
    expect(mayGive(role, { tier: 2, cost: 20 })).toBe(true);
    expect(mayGive(role, { tier: 3, cost: 0 })).toBe(false);
  });

  it('never suggests a comp for manager-owned procedures and always escalates them', () => {
    for (const id of ['safety', 'lost_property']) {
      const advice = suggestByRules(input(id, 'manager'));
      expect(advice).toMatchObject({ managerOwned: true, escalate: true, gestures: [], needsApproval: [] });
      expect(advice.checklist.length).toBeGreaterThan(0);
    }
  });

  it('raises and escalates a second slip for the same guest', () => {
    const advice = suggestByRules(
      input('food_quality', 'server', {
        earlierForGuest: 1,
        guestRef: { text: 'T12', key: 'table:12', kind: 'table' },
      }),
    );
    expect(advice.severity).toBe('high');
    expect(advice.escalate).toBe(true);
    expect(advice.escalationReasons.join()).toMatch(/second slip for T12/);
  });

  it('escalates at the playbook threshold', () => {
    const high = input('food_quality', 'server');
    high.detection.severity = 'high';
    expect(suggestByRules(high).escalate).toBe(true);
  });
});
