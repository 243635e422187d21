import { applyAction } from './lifecycle';
import type { Clock, ManagerAlerts } from './ports';
import type { Slip } from './slip';
import type { SlipStore } from './store';

/** What escalating a slip needs: the store to mark it, the managers to tell. */
export interface EscalationDeps {
  slips: SlipStore;
  alerts?: ManagerAlerts;
  clock: Clock;
}

/** Marks a slip escalated and tells the managers; a slip that already is escalated is returned as it is. */
export async function escalateOnce(
  deps: EscalationDeps,
  slip: Slip,
  by: { reason: string; actor: string },
): Promise<Slip> {
  if (slip.escalated) return slip;
  const updated = await deps.slips.update(slip.tenant, slip.id, (s) =>
    s.escalated ? s : applyAction(s, { kind: 'escalate', reason: by.reason }, by.actor, deps.clock()),
  );
  await deps.alerts?.escalate(updated, by.reason);
  return updated;
}

/** Why a slip goes to a manager at once, as its advice says. */
export function escalationReason(slip: Slip): string {
  return slip.advice.escalationReasons.join('; ');
}
