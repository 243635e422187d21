import type { Playbook, Role, Severity } from '../playbook/schema';
import type { Detection } from './detection';
import type { GuestRef } from './guestRef';

/** A gesture as offered to this staff member: within their authority, or naming who must approve it. */
export interface GestureAdvice {
  label: string;
  tier: number;
  cost: number;
  /** Set when the reporter may not give it alone: the role to ask ("Shift lead"). */
  askRole?: string;
}

/** The recovery advice for one slip: what the card shows. */
export interface Advice {
  categoryId: string;
  categoryName: string;
  severity: Severity;
  acknowledge: string[];
  correct: string[];
  connect: string[];
  /** Gestures the reporter may give without asking. */
  gestures: GestureAdvice[];
  /** Gestures that need a lead or manager. */
  needsApproval: GestureAdvice[];
  escalate: boolean;
  escalationReasons: string[];
  /** The manager's procedure for severe, safety and property slips. */
  checklist: string[];
  /** Follow-up timing as the playbook writes it ("15m after fix"). */
  followUp: string;
  /** Safety and property: a manager-owned procedure, never a comp. */
  managerOwned: boolean;
  engine: 'rules' | 'openai';
}

export interface SuggestInput {
  /** The staff message, PII already redacted. */
  text: string;
  detection: Detection & { categoryId: string };
  playbook: Playbook;
  role: Role;
  /** Earlier slips for the same guest inside the playbook's repeat window. */
  earlierForGuest: number;
  guestRef?: GuestRef;
}
