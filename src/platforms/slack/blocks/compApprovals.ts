import type { KnownBlock } from '@slack/types';
import { MAX_REASON } from '../../../comps/approvals';
import { md, truncate } from './text';

export const COMP_ACTIONS = {
  ask: 'rc_comp_ask',
  approve: 'rc_comp_approve',
  decline: 'rc_comp_decline',
} as const;

/** Where a decline's optional reason is typed, in the request message itself (read from the press's state). */
export const COMP_REASON = { block: 'rc_comp_reason', action: 'reason' } as const;

/** "That's over your comp limit" and the button that asks; the button carries only the waiting ask's id. */
export function askBlocks(words: string, askId: string): KnownBlock[] {
  return [
    { type: 'section', text: md(words) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: COMP_ACTIONS.ask,
          style: 'primary',
          text: { type: 'plain_text', text: 'Ask a shift lead / manager' },
          value: askId,
        },
      ],
    },
  ];
}

/** An approver's request: the words, an optional reason (for a decline), Approve and Decline. */
export function requestBlocks(words: string, requestId: string, reasonLabel: string): KnownBlock[] {
  return [
    { type: 'section', text: md(truncate(words, 3000)) },
    {
      type: 'input',
      block_id: COMP_REASON.block,
      optional: true,
      label: { type: 'plain_text', text: reasonLabel },
      element: { type: 'plain_text_input', action_id: COMP_REASON.action, max_length: MAX_REASON },
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: COMP_ACTIONS.approve,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: requestId,
        },
        {
          type: 'button',
          action_id: COMP_ACTIONS.decline,
          style: 'danger',
          text: { type: 'plain_text', text: 'Decline' },
          value: requestId,
        },
      ],
    },
  ];
}

/** The typed reason in a press's state, if any. */
export function reasonIn(state: unknown): string | undefined {
  const values = (state as { values?: Record<string, Record<string, { value?: string | null }>> } | undefined)?.values;
  const value = values?.[COMP_REASON.block]?.[COMP_REASON.action]?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
