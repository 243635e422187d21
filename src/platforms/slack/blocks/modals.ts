import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { SEVERITIES, type Severity } from '../../../playbook/schema';
import { FORM_LIMITS } from '../../../slips/stepForms';
import { privateCheckbox } from './privateCheckbox';
import { LIMITS, md, plain, truncate } from './text';

/** Modals for the card's steps and for /recover, and the parsing of what comes back. */

export const CALLBACKS = {
  correct: 'rc_correct_modal',
  followup: 'rc_followup_modal',
  recover: 'rc_recover_modal',
  recategorize: 'rc_recategorize_modal',
} as const;

/** What a modal remembers between open and submit (kept small: private_metadata holds 3,000 characters). */
export interface ModalContext {
  slipId?: string;
  channel?: string;
  /** The card message to update in place after the submit. */
  cardTs?: string;
  /** The original message, for the message shortcut. */
  messageTs?: string;
  threadTs?: string;
  /** The server's seal over the ids above (see modalSeal.ts). */
  seal?: string;
}

export function encodeContext(context: ModalContext): string {
  return truncate(JSON.stringify(context), LIMITS.privateMetadata);
}

export function decodeContext(raw: string | undefined): ModalContext {
  try {
    const value: unknown = JSON.parse(raw ?? '{}');
    return typeof value === 'object' && value !== null ? (value as ModalContext) : {};
  } catch {
    return {};
  }
}

function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value: truncate(value, 150) };
}

function modal(
  callbackId: string,
  title: string,
  submit: string,
  context: ModalContext,
  blocks: KnownBlock[],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.modalTitle),
    submit: plain(submit, LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: encodeContext(context),
    blocks,
  };
}

export function correctModal(
  context: ModalContext,
  input: { gestures: string[]; needsApproval: string[]; currency: string; managerOwned: boolean },
): ModalView {
  const choices = [
    ...input.gestures.map((g) => option(g, g)),
    ...input.needsApproval.map((g) => option(`${g} (approved)`, g.replace(/ \(ask [^)]*\)$/, ''))),
  ].slice(0, 100);
  const blocks: KnownBlock[] = [
    { type: 'section', text: md('*What did you do to fix it?* The fix comes first; a gesture only where it fits.') },
    {
      type: 'input',
      block_id: 'fix',
      optional: true,
      label: plain('What was done', 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: FORM_LIMITS.fix,
        placeholder: plain('e.g. re-fired the steak medium rare', 150),
      },
    },
  ];
  if (!input.managerOwned && choices.length > 0)
    blocks.push({
      type: 'input',
      block_id: 'gesture',
      optional: true,
      label: plain('Gesture', 2000),
      element: { type: 'static_select', action_id: 'value', placeholder: plain('No gesture', 150), options: choices },
    });
  if (!input.managerOwned)
    blocks.push({
      type: 'input',
      block_id: 'cost',
      optional: true,
      label: plain(`Cost (${input.currency})`, 2000),
      element: {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: true,
        min_value: '0',
        max_value: '100000',
      },
    });
  return modal(CALLBACKS.correct, 'Corrected', 'Save', context, blocks);
}

export function followUpModal(context: ModalContext, input: { defaultDueAt: number; promise?: string }): ModalView {
  return modal(CALLBACKS.followup, 'Schedule follow-up', 'Schedule', context, [
    {
      type: 'input',
      block_id: 'due',
      label: plain('When should I remind the owner?', 2000),
      element: { type: 'datetimepicker', action_id: 'value', initial_date_time: Math.floor(input.defaultDueAt / 1000) },
    },
    {
      type: 'input',
      block_id: 'promise',
      optional: true,
      label: plain('What did we promise the guest?', 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: FORM_LIMITS.promise,
        ...(input.promise ? { initial_value: input.promise } : {}),
        placeholder: plain('e.g. manager will call tomorrow before 11', 150),
      },
    },
  ]);
}

export interface RecoverModalInput {
  text?: string;
  guestRef?: string;
  categoryId?: string;
  severity?: Severity;
  categories: Array<{ id: string; name: string }>;
}

export function recoverModal(context: ModalContext, input: RecoverModalInput): ModalView {
  const categories = input.categories.slice(0, 100).map((c) => option(c.name, c.id));
  const chosen = categories.find((c) => c.value === input.categoryId);
  const severities = SEVERITIES.map((s) => option(s[0]!.toUpperCase() + s.slice(1), s));
  return modal(CALLBACKS.recover, 'Log a guest slip', 'Log it', context, [
    {
      type: 'input',
      block_id: 'text',
      label: plain('What happened?', 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: FORM_LIMITS.text,
        ...(input.text ? { initial_value: truncate(input.text, FORM_LIMITS.text) } : {}),
        placeholder: plain('e.g. T12 got the wrong steak, guest annoyed', 150),
      },
    },
    {
      type: 'input',
      block_id: 'guest',
      optional: true,
      label: plain('Guest (table, room, name)', 2000),
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: FORM_LIMITS.guest,
        ...(input.guestRef ? { initial_value: input.guestRef } : {}),
      },
    },
    {
      type: 'input',
      block_id: 'category',
      optional: true,
      label: plain('Category', 2000),
      hint: plain('Leave empty and the coach picks one from what happened.', 150),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: categories,
        ...(chosen ? { initial_option: chosen } : {}),
      },
    },
    {
      type: 'input',
      block_id: 'severity',
      optional: true,
      label: plain('Severity', 2000),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: severities,
        ...(input.severity ? { initial_option: severities.find((s) => s.value === input.severity) } : {}),
      },
    },
    privateCheckbox(),
  ]);
}

/** "Wrong category?": the playbook's active categories, the slip's current one chosen. */
export function recategorizeModal(
  context: ModalContext,
  input: { categories: Array<{ id: string; name: string }>; current: string; quote: string },
): ModalView {
  const categories = input.categories.slice(0, 100).map((c) => option(c.name, c.id));
  const chosen = categories.find((c) => c.value === input.current);
  return modal(CALLBACKS.recategorize, 'Wrong category?', 'Move it', context, [
    { type: 'context', elements: [plain(`“${input.quote}”`, LIMITS.contextText)] },
    {
      type: 'input',
      block_id: 'category',
      label: plain('The right category', 2000),
      hint: plain('The card changes to its steps, and the coach learns from it for messages like this one.', 150),
      element: {
        type: 'static_select',
        action_id: 'value',
        options: categories,
        ...(chosen ? { initial_option: chosen } : {}),
      },
    },
  ]);
}

type StateValues = Record<
  string,
  Record<
    string,
    { value?: string | null; selected_option?: { value: string } | null; selected_date_time?: number | null }
  >
>;

/** Reads one input's value from a view_submission's state (text, select or date-time). */
export function readInput(values: unknown, blockId: string): string | number | undefined {
  const block = (values as StateValues | undefined)?.[blockId]?.value;
  if (!block) return undefined;
  if (block.selected_date_time) return block.selected_date_time;
  if (block.selected_option) return block.selected_option.value;
  const text = block.value?.trim();
  return text ? text : undefined;
}
