import type { Severity } from '../playbook/schema';
import type { Slip } from '../slips/slip';

/** What a manager sees when a slip needs them now: the slip in brief, why, and the checklist. */
export interface EscalationView {
  slipId: string;
  categoryName: string;
  severity: Severity;
  guestRef?: string;
  quote: string;
  reporter: string;
  owner: string;
  channel: string;
  threadRef: string;
  reason: string;
  checklist: string[];
  managerOwned: boolean;
}

export function buildEscalation(slip: Slip, reason: string): EscalationView {
  return {
    slipId: slip.id,
    categoryName: slip.advice.categoryName,
    severity: slip.severity,
    guestRef: slip.guestRef?.text,
    quote: slip.text,
    reporter: slip.reporter,
    owner: slip.owner,
    channel: slip.channel,
    threadRef: slip.threadRef,
    reason,
    checklist:
      slip.advice.checklist.length > 0 ? slip.advice.checklist : ['Talk to the guest in person', 'Log what happened'],
    managerOwned: slip.advice.managerOwned,
  };
}
