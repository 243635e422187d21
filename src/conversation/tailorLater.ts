import { reportError } from '../errors';
import type { Logger } from '../log';
import type { Slip } from '../slips/slip';
import type { TailoringService } from '../slips/tailoring';

/** Counts work a request leaves running (infra/inFlight.ts implements it). */
export interface WorkInFlight {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The model's version of a card that is already posted, for every platform: it replaces the rules card in place
 * (through `refresh`, the platform's own card update) when it arrives in time; the tailoring service enforces the
 * deadline, and otherwise the rules card stays. Never awaited by a request; counted as work in flight, so shutdown
 * and tests wait for it.
 */
export function tailorLater(
  deps: { tailoring?: TailoringService; inFlight?: WorkInFlight; log: Logger },
  slip: Slip,
  refresh: (tailored: Slip) => Promise<void>,
): void {
  const tailoring = deps.tailoring;
  if (!tailoring) return;
  const work = async () => {
    const tailored = await tailoring.tailor(slip);
    if (tailored) await refresh(tailored);
  };
  void (deps.inFlight ? deps.inFlight.run(work) : work()).catch((error) =>
    reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'tailored card' }),
  );
}
