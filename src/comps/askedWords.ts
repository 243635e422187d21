import { type Said, said } from '../conversation/catalogue';
import type { ApprovalRequest } from './approvals';

/** Where a request went and whom it reached (the platform's sendRequests). */
export interface RequestsSent {
  where: 'dm' | 'channel';
  /** The approvers a message reached (by DM), or all of them when it went into the slip's thread. */
  reached: string[];
}

/**
 * What the asker is told at once when their request goes out: who was asked, or, clearly, that it reached nobody
 * (none of the approvers could be messaged) or nobody on shift (it went to approvers not active lately).
 */
export function askedWords(request: ApprovalRequest, sent: RequestsSent): Said {
  const what = { gesture: request.gesture, cost: `${request.currency} ${request.cost}`, slipId: request.slipId };
  if (sent.reached.length === 0) return said('compReachedNobody', { ...what, approvers: request.approvers });
  if (request.offShift)
    return said('compAskedOffShift', { ...what, approvers: sent.reached, inThread: sent.where === 'channel' });
  return said(sent.where === 'channel' ? 'compAskedInChannel' : 'compAsked', { ...what, approvers: sent.reached });
}
