import type { CaptureSettings } from './settings';

/** The stores of one-gesture capture, comp approvals and private slips (Redis ones: infra/redis/featureStores.ts). */
export interface FeatureStores {
  capture: CaptureSettings;
}
