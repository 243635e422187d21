import type { StepOffer } from '../conversation/threadReplies';

/** A thread-reply confirmation waiting for its tap: who may tap it, and what it records on which slip. */
export interface PendingStepOffer {
  slipId: string;
  /** The person who wrote the reply: only they confirm it. */
  user: string;
  channel: string;
  offer: StepOffer;
  gesture?: string;
}

/** Offers kept until tapped (take is atomic: a double tap records once) or expired. */
export interface StepOfferStore {
  put(tenant: string, value: PendingStepOffer): Promise<string>;
  take(tenant: string, id: string): Promise<PendingStepOffer | undefined>;
}

/** What an offer (or its confirmation) says, for the catalogue's stepOffer and stepRecorded sentences. */
export function offerWords(pending: PendingStepOffer) {
  const { offer } = pending;
  return {
    slipId: pending.slipId,
    steps: offer.steps,
    ...(offer.outcome ? { outcome: offer.outcome } : {}),
    ...(offer.step === 'escalate' ? { escalate: true } : {}),
    ...(pending.gesture ? { gesture: pending.gesture } : {}),
  };
}
