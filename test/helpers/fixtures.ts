import { suggestByRules } from '../../src/coach/rulesAdvice';
import { defaultPlaybook } from '../../src/playbook/load';
import { findRole } from '../../src/playbook/schema';
import type { Slip } from '../../src/slips/slip';

const playbook = defaultPlaybook('restaurant');

/** A freshly reported wrong-order slip for T12, built through the real rules engine. */
export function aSlip(overrides: Partial<Slip> = {}): Slip {
  const advice = suggestByRules({
    text: 'T12 got the wrong steak',
    detection: {
      isSlip: true,
      categoryId: overrides.categoryId ?? 'wrong_order',
      confidence: 1,
      severity: overrides.severity ?? 'medium',
      guestRef: { text: 'T12', key: 'table:12', kind: 'table' },
      reasons: [],
      candidates: [],
    },
    playbook,
    role: findRole(playbook, 'server'),
    earlierForGuest: 0,
  });
  return {
    id: '1',
    tenant: 'test-tenant',
    platform: 'shell',
    channel: 'C1',
    messageRef: 'm1',
    threadRef: 'm1',
    reporter: 'alex',
    owner: 'alex',
    text: 'T12 got the wrong steak',
    categoryId: advice.categoryId,
    severity: advice.severity,
    confidence: 1,
    guestRef: { text: 'T12', key: 'table:12', kind: 'table' },
    advice,
    status: 'open',
    escalated: false,
    repeatOf: [],
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    timeline: [{ at: 0, by: 'alex', kind: 'reported' }],
    ...overrides,
  };
}
