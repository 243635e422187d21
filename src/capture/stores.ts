import type { ApprovalStore } from '../comps/approvals';
import type { CompLog } from '../comps/compLog';
import type { PrivateCopies } from '../slips/privateCopies';
import type { CaptureSettings } from './settings';
import type { StepOfferStore } from './stepOffers';

/** A comp over the asker's limit, kept until they press "Ask a shift lead / manager". */
export interface PendingCompAsk {
  slipId: string;
  user: string;
  gesture: string;
  cost: number;
  note?: string;
}

/** The stores of one-gesture capture, comp approvals and private slips (Redis ones: infra/redis/featureStores.ts). */
export interface FeatureStores {
  capture: CaptureSettings;
  /** Thread-reply confirmations waiting for their tap. */
  stepOffers: StepOfferStore;
  comps: CompLog;
  approvals: ApprovalStore;
  compAsks: {
    put(tenant: string, value: PendingCompAsk): Promise<string>;
    take(tenant: string, id: string): Promise<PendingCompAsk | undefined>;
    /** The ask, held while its request is made (a second press meanwhile finds nothing); undefined when gone. */
    hold(tenant: string, id: string, seconds: number): Promise<PendingCompAsk | undefined>;
    release(tenant: string, id: string): Promise<void>;
  };
  /** Everyone with a granted role (approvers beside the managers). */
  grants: { list(tenant: string): Promise<Array<{ user: string; roleId: string }>> };
  activity: { lastSeen(tenant: string, user: string): Promise<number | undefined> };
  /** Where each private slip's managers' read-only copies were posted (redrawn as the slip moves on). */
  privateCopies: PrivateCopies;
}
