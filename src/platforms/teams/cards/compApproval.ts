import { MAX_REASON } from '../../../comps/approvals';
import { type AdaptiveCard, card, type ExecuteAction, execute, line } from './elements';

/** The verbs of comp approvals' buttons (Action.Execute), as the invoke handler reads them back. */
export const COMP_VERBS = {
  ask: 'rc.comp.ask',
  approve: 'rc.comp.approve',
  decline: 'rc.comp.decline',
} as const;

/** The input a decline's optional reason is typed into (its value comes back in the press's data). */
export const COMP_REASON_INPUT = 'reason';

/**
 * "Ask a shift lead / manager" under a refused comp: it carries the waiting ask's id, and whose it is so a
 * teammate's press is refused without using the ask up (the server checks the ask's own person again).
 */
export function askAction(askId: string, user: string): ExecuteAction {
  return execute('Ask a shift lead / manager', COMP_VERBS.ask, { askId, user }, 'positive');
}

/** A refused comp, answered in place: why, and the button that asks. Words go in plain runs, never Markdown. */
export function askCard(words: string, askId: string, user: string): AdaptiveCard {
  return card([line([words])], [askAction(askId, user)]);
}

/** An approver's request: the words, an optional reason for a decline, Approve and Decline. */
export function requestCard(words: string, requestId: string, reasonLabel: string): AdaptiveCard {
  return card(
    [
      line([words]),
      { type: 'Input.Text', id: COMP_REASON_INPUT, label: reasonLabel, maxLength: MAX_REASON, spacing: 'Medium' },
    ],
    [
      execute('Approve', COMP_VERBS.approve, { requestId }, 'positive'),
      execute('Decline', COMP_VERBS.decline, { requestId }, 'destructive'),
    ],
  );
}

/** What a request (or an ask) becomes once answered: the words, no buttons left. */
export function answeredCard(words: string): AdaptiveCard {
  return card([line([words])]);
}
