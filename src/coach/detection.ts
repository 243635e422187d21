import type { Severity } from '../playbook/schema';
import type { GuestRef } from './guestRef';

/** What the detector concluded about one message. */
export interface Detection {
  isSlip: boolean;
  /** The playbook category id, when it is a slip. */
  categoryId: string | undefined;
  /** 0..1: how sure the detector is that this is a slip. */
  confidence: number;
  severity: Severity;
  guestRef: GuestRef | undefined;
  /** Why, in words a manager can check ("words: "wilted", "sent back"", "trigger "wrong order"", "upset: annoyed"). */
  reasons: string[];
  /** The best categories considered, best first, with the detector's probability for each. */
  candidates: Array<{ categoryId: string; score: number }>;
}

/** A category and how likely it is, 0..1. */
export interface RankedCategory {
  categoryId: string;
  score: number;
}
