import type { Button, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import {
  CATEGORY_FORM_FIELDS,
  type CategoryForm,
  type FieldErrors,
  type FormField,
  SETTINGS_FORM_FIELDS,
  type SettingsForm,
} from '../../../playbook/forms';
import type { Playbook } from '../../../playbook/schema';
import type { PlaybookVersionMeta } from '../../../playbook/store';
import { escapeMrkdwn, LIMITS, md, mention, plain, truncate } from './text';

export const PLAYBOOK_ACTIONS = {
  menu: 'rc_pb_menu',
  add: 'rc_pb_add',
  settings: 'rc_pb_settings',
  history: 'rc_pb_history',
  view: 'rc_pb_view',
  revert: 'rc_pb_revert',
  exportYaml: 'rc_pb_export',
  importYaml: 'rc_pb_import',
} as const;

export const PLAYBOOK_MODALS = {
  category: 'rc_pb_category_modal',
  settings: 'rc_pb_settings_modal',
  importYaml: 'rc_pb_import_modal',
} as const;

export interface CategoryStats {
  thisMonth: number;
  recovered: number;
}

const SHOWN_CATEGORIES = 25;

/** The manager's playbook section on App Home: each category with its stats and an Edit / Retire menu. */
export function playbookHomeBlocks(
  playbook: Playbook,
  latest: PlaybookVersionMeta | undefined,
  stats: Map<string, CategoryStats>,
): KnownBlock[] {
  const saved = latest
    ? ` · v${latest.version} saved by ${mention(latest.author)} ${DateTime.fromMillis(latest.at).toFormat('d LLL HH:mm')}`
    : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Playbook', LIMITS.headerText) },
    { type: 'context', elements: [md(`${escapeMrkdwn(playbook.venue.name)} (${playbook.venue.type})${saved}`)] },
  ];
  for (const category of playbook.categories.slice(0, SHOWN_CATEGORIES)) {
    const s = stats.get(category.id) ?? { thisMonth: 0, recovered: 0 };
    const rate = s.thisMonth > 0 ? ` · ${Math.round((100 * s.recovered) / s.thisMonth)}% recovered` : '';
    const title = `${category.retired ? '~' : '*'}${escapeMrkdwn(category.name)}${category.retired ? '~ (retired)' : '*'}`;
    blocks.push({
      type: 'section',
      text: md(
        `${title} — ${escapeMrkdwn(truncate(category.description, 120))}\n${s.thisMonth} slips this month${rate}`,
      ),
      accessory: {
        type: 'overflow',
        action_id: PLAYBOOK_ACTIONS.menu,
        options: [
          { text: plain('Edit', 75), value: `edit:${category.id}` },
          category.retired
            ? { text: plain('Restore', 75), value: `restore:${category.id}` }
            : { text: plain('Retire', 75), value: `retire:${category.id}` },
        ],
      },
    });
  }
  if (playbook.categories.length > SHOWN_CATEGORIES)
    blocks.push({
      type: 'context',
      elements: [
        md(`+${playbook.categories.length - SHOWN_CATEGORIES} more categories: use Export YAML to see them all.`),
      ],
    });
  const button = (id: string, text: string): Button => ({
    type: 'button',
    action_id: id,
    text: plain(text, LIMITS.buttonText),
    value: id,
  });
  blocks.push({
    type: 'actions',
    elements: [
      button(PLAYBOOK_ACTIONS.add, 'Add category'),
      button(PLAYBOOK_ACTIONS.settings, 'Roles & venue…'),
      button(PLAYBOOK_ACTIONS.history, 'History'),
      button(PLAYBOOK_ACTIONS.exportYaml, 'Export YAML'),
      button(PLAYBOOK_ACTIONS.importYaml, 'Import YAML…'),
    ],
  });
  return blocks;
}

export function textInput(
  blockId: string,
  label: string,
  value: string,
  options: { multiline?: boolean; hint?: string; optional?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: 3000,
      ...(value ? { initial_value: truncate(value, 3000) } : {}),
    },
  };
}

function select(blockId: string, label: string, values: readonly string[], current: string): InputBlock {
  const options = values.map((v): PlainTextOption => ({ text: plain(v, 75), value: v }));
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element: {
      type: 'static_select',
      action_id: 'value',
      options,
      initial_option: options.find((o) => o.value === current) ?? options[0],
    },
  };
}

export interface CategoryModalContext {
  categoryId?: string;
  baseVersion: number;
  /** Set after a save found examples landing elsewhere: the list, and a "save anyway" choice. */
  mismatches?: Array<{ example: string; got: string }>;
}

/** Edit (or add) a category: one item per line in each box, so the form works for any playbook. */
export function categoryModal(form: CategoryForm, context: CategoryModalContext): ModalView {
  const blocks: KnownBlock[] = [];
  if (context.mismatches?.length) {
    const list = context.mismatches.map((m) => `• “${escapeMrkdwn(m.example)}” → ${escapeMrkdwn(m.got)}`).join('\n');
    blocks.push({
      type: 'section',
      text: md(
        `:warning: *These examples would now land somewhere else:*\n${list}\nFix the triggers or examples, or tick "Save anyway".`,
      ),
    });
    blocks.push({
      type: 'input',
      block_id: 'confirm',
      optional: true,
      label: plain('Save anyway', 2000),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [{ text: plain('Save even though some examples land elsewhere', 75), value: 'yes' }],
      },
    });
  }
  blocks.push(...formInputs(CATEGORY_FORM_FIELDS, form));
  return {
    type: 'modal',
    callback_id: PLAYBOOK_MODALS.category,
    title: plain(context.categoryId ? 'Edit category' : 'Add category', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ categoryId: context.categoryId, baseVersion: context.baseVersion }),
    blocks,
  };
}

export function settingsModal(form: SettingsForm, baseVersion: number): ModalView {
  return {
    type: 'modal',
    callback_id: PLAYBOOK_MODALS.settings,
    title: plain('Roles & venue', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: JSON.stringify({ baseVersion }),
    blocks: formInputs(SETTINGS_FORM_FIELDS, form),
  };
}

/** A form's fields as Slack input blocks, from the platform-neutral field table. */
function formInputs<F extends object>(fields: Array<FormField<F>>, form: F): InputBlock[] {
  return fields.map((f) => {
    const value = String(form[f.field] ?? '');
    return f.choices
      ? select(f.field, f.label, f.choices, value)
      : textInput(f.field, f.label, value, { multiline: f.multiline, optional: f.optional, hint: f.hint });
  });
}

/** Field errors for Slack's response_action: errors (keyed by block id, short messages). */
export function fieldErrors<F>(errors: FieldErrors<F>, fallbackField: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as Array<[string, string]>)
    out[field === 'form' ? fallbackField : field] = truncate(message, 150);
  return out;
}
