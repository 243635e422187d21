import type { CaptureSettings } from './settings';
import type { StepOfferStore } from './stepOffers';

/** The stores of one-gesture capture, comp approvals and private slips (Redis ones: infra/redis/featureStores.ts). */
export interface FeatureStores {
  capture: CaptureSettings;
  /** Thread-reply confirmations waiting for their tap. */
  stepOffers: StepOfferStore;
}
