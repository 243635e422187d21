import type { FeatureStores, PendingCompAsk } from '../capture/stores';
import { type Said, said } from '../conversation/catalogue';
import { AppError } from '../errors';
import type { SlipAction } from '../slips/lifecycle';
import type { PlaybookSource } from '../slips/ports';
import type { SlipService } from '../slips/service';

/**
 * The comp in a correct step that was refused (FORBIDDEN) for being over the presser's limit, as an ask waiting
 * for "Ask a shift lead / manager"; undefined for any other refusal or step.
 */
export function overLimitAsk(
  error: unknown,
  ask: { slipId: string; user: string },
  actions: SlipAction[],
): PendingCompAsk | undefined {
  if (!(error instanceof AppError) || error.code !== 'FORBIDDEN') return undefined;
  const correct = actions.find((a) => a.kind === 'correct');
  if (correct?.kind !== 'correct' || !correct.cost) return undefined;
  return {
    ...ask,
    gesture: correct.gesture ?? 'a gesture',
    cost: correct.cost,
    ...(correct.note ? { note: correct.note } : {}),
  };
}

/**
 * A comp over the presser's limit, kept for their "Ask a shift lead / manager": the id the button carries and the
 * words above it; undefined when it is within their limit (or comps cannot be asked for here).
 */
export async function offerAsk(
  deps: { playbooks: PlaybookSource; service: Pick<SlipService, 'roleOf'>; features?: Pick<FeatureStores, 'compAsks'> },
  tenant: string,
  ask: PendingCompAsk,
): Promise<{ id: string; words: Said } | undefined> {
  const asks = deps.features?.compAsks;
  if (!asks || !(ask.cost > 0)) return undefined;
  const { playbook } = await deps.playbooks.current(tenant);
  const role = await deps.service.roleOf(tenant, ask.user, playbook);
  if (ask.cost <= role.compLimit) return undefined;
  const id = await asks.put(tenant, ask);
  return { id, words: said('compOverLimit', { gesture: ask.gesture, cost: `${playbook.venue.currency} ${ask.cost}` }) };
}
