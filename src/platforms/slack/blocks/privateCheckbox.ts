import type { InputBlock } from '@slack/types';

/** The /recover form's "private" tick: the card then goes by DM only, never into the channel. */
export function privateCheckbox(): InputBlock {
  return {
    type: 'input',
    block_id: 'private',
    optional: true,
    label: { type: 'plain_text', text: 'Private?' },
    element: {
      type: 'checkboxes',
      action_id: 'value',
      options: [
        {
          text: { type: 'plain_text', text: 'Keep this slip private' },
          description: {
            type: 'plain_text',
            text: 'Harassment, a medical detail, a colleague: only you and the managers see it, by direct message.',
          },
          value: 'private',
        },
      ],
    },
  };
}

/** Whether the form's "private" box was ticked. */
export function tickedPrivate(values: unknown): boolean {
  const block = (values as Record<string, Record<string, { selected_options?: Array<{ value?: string }> }>> | undefined)
    ?.private?.value;
  return Boolean(block?.selected_options?.some((o) => o.value === 'private'));
}
