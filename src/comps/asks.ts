import type { FeatureStores, PendingCompAsk } from '../capture/stores';
import { type Said, said } from '../conversation/catalogue';
import { AppError } from '../errors';
import type { SlipAction } from '../slips/lifecycle';
import type { PlaybookSource } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { ApprovalRequest, CompApprovals } from './approvals';

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

/** How long an ask is held while its request is made: a crash meanwhile frees it for another press after this. */
const ASK_HOLD_SECONDS = 60;

/**
 * "Ask a shift lead / manager" pressed: the ask becomes an approval request. The ask is used up only once the
 * request is stored: when making it fails, the ask stays for another press and the error is thrown (nothing was
 * changed). 'gone' when the ask has expired, was used, or is being used by a press a moment ago; 'notYours' when
 * the presser is not the person whose comp it is.
 */
export async function requestFromAsk(
  deps: { approvals: Pick<CompApprovals, 'request'>; asks: FeatureStores['compAsks'] },
  tenant: string,
  askId: string,
  presser: string,
): Promise<ApprovalRequest | 'gone' | 'notYours'> {
  const { approvals, asks } = deps;
  const ask = await asks.hold(tenant, askId, ASK_HOLD_SECONDS);
  if (!ask) return 'gone';
  let request: ApprovalRequest;
  try {
    if (ask.user !== presser) {
      await asks.release(tenant, askId);
      return 'notYours';
    }
    request = await approvals.request(tenant, ask.slipId, ask.user, ask);
  } catch (error) {
    await asks.release(tenant, askId).catch(() => undefined);
    throw error;
  }
  // the request is stored: the ask is used up (if deleting it fails, the hold still keeps it from a second request
  // for its minute, and it expires with its own time)
  await asks.take(tenant, askId).catch(() => undefined);
  return request;
}
