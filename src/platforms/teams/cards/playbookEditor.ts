import { DateTime } from 'luxon';
import {
  CATEGORY_FORM_FIELDS,
  type CategoryForm,
  type FieldErrors,
  type FormField,
  MAX_FORM_FIELD,
  SETTINGS_FORM_FIELDS,
  type SettingsForm,
} from '../../../playbook/forms';
import type { Playbook } from '../../../playbook/schema';
import type { PlaybookVersionMeta } from '../../../playbook/store';
import {
  type AdaptiveCard,
  card,
  type Element,
  execute,
  heading,
  line,
  type People,
  quote,
  type RichTextBlock,
} from './elements';

export const PLAYBOOK_VERBS = {
  list: 'rc.pb.list',
  edit: 'rc.pb.edit',
  add: 'rc.pb.add',
  save: 'rc.pb.save',
  settings: 'rc.pb.settings',
  saveSettings: 'rc.pb.settings.save',
  history: 'rc.pb.history',
  revert: 'rc.pb.revert',
  retire: 'rc.pb.retire',
} as const;

/** Versions the history card lists (newest first): enough for a season of edits, well inside a Teams message. */
const HISTORY_SHOWN = 15;

/** The playbook for a manager: its categories, one to pick and edit, or a new one to add; settings and history. */
export function playbookMenuCard(playbook: Playbook, version: number, notice?: string): AdaptiveCard {
  const active = playbook.categories.filter((c) => !c.retired);
  const retired = playbook.categories.length - active.length;
  const data = { baseVersion: version };
  return card(
    [
      heading(`📖 Playbook · version ${version}`),
      ...(notice ? [problem(notice)] : []),
      line([
        `${playbook.venue.name} · ${active.length} categories in use`,
        retired > 0 ? ` · ${retired} retired` : '',
        ` · ${playbook.roles.length} roles`,
      ]),
      {
        type: 'Input.ChoiceSet',
        id: 'category',
        label: 'Category',
        style: 'compact',
        value: playbook.categories[0]?.id ?? '',
        choices: playbook.categories.map((c) => ({ title: c.retired ? `${c.name} (retired)` : c.name, value: c.id })),
      },
      quote('Old versions as YAML, export and import: the Slack App Home or the CLI.', {
        subtle: true,
        size: 'Small',
      }),
    ],
    [
      execute('Edit', PLAYBOOK_VERBS.edit, data, 'positive'),
      execute('Retire / restore', PLAYBOOK_VERBS.retire, data),
      execute('Add a category', PLAYBOOK_VERBS.add, data),
      execute('Roles & venue', PLAYBOOK_VERBS.settings, data),
      execute('History', PLAYBOOK_VERBS.history, {}),
    ],
  );
}

export interface CategoryCardContext {
  categoryId?: string;
  baseVersion: number;
  errors?: FieldErrors<CategoryForm>;
  /** Examples that would now land in another category: listed, with "Save anyway". */
  mismatches?: Array<{ example: string; got: string }>;
}

/**
 * Edit (or add) a category: the same fields, words and one-item-per-line rules as Slack's modal, with the server's
 * problems shown above the fields they belong to and everything typed kept.
 */
export function categoryCard(form: CategoryForm, context: CategoryCardContext): AdaptiveCard {
  // the name is the manager's text: a plain run, never Markdown
  const body: Element[] = context.categoryId
    ? [heading('Edit category'), line([{ bold: form.name || context.categoryId }])]
    : [heading('Add a category')];
  if (context.errors?.form) body.push(problem(context.errors.form));
  if (context.mismatches?.length) {
    body.push(problem('These examples would now land somewhere else. Fix the triggers or examples, or save anyway:'));
    for (const m of context.mismatches.slice(0, 10)) body.push(quote(`“${m.example}” → ${m.got}`, { italic: true }));
  }
  body.push(...formInputs(CATEGORY_FORM_FIELDS, form, context.errors));
  const data = { baseVersion: context.baseVersion, ...(context.categoryId ? { categoryId: context.categoryId } : {}) };
  return card(body, [
    execute('Save', PLAYBOOK_VERBS.save, data, 'positive'),
    ...(context.mismatches?.length ? [execute('Save anyway', PLAYBOOK_VERBS.save, { ...data, confirm: true })] : []),
    execute('Back to the list', PLAYBOOK_VERBS.list, {}),
  ]);
}

/** Roles (with their tier and comp limit) and the venue's settings, as Slack's "Roles & venue" modal has them. */
export function settingsCard(
  form: SettingsForm,
  baseVersion: number,
  errors?: FieldErrors<SettingsForm>,
): AdaptiveCard {
  return card(
    [
      heading('Roles & venue'),
      ...(errors?.form ? [problem(errors.form)] : []),
      ...formInputs(SETTINGS_FORM_FIELDS, form, errors),
    ],
    [
      execute('Save', PLAYBOOK_VERBS.saveSettings, { baseVersion }, 'positive'),
      execute('Back to the list', PLAYBOOK_VERBS.list, {}),
    ],
  );
}

/** The newest versions with who, when (in the venue's zone) and what changed; any older one can be made current. */
export function historyCard(
  versions: PlaybookVersionMeta[],
  current: number,
  people: People,
  timezone: string,
): AdaptiveCard {
  const shown = versions.slice(0, HISTORY_SHOWN);
  const older = shown.filter((v) => v.version !== current);
  return card(
    [
      heading('Playbook history'),
      ...shown.map((v) =>
        line([
          { bold: `v${v.version}${v.version === current ? ' (current)' : ''}` },
          ` · ${DateTime.fromMillis(v.at, { zone: timezone }).toFormat('d LLL HH:mm')} · ${people(v.author)} · `,
          v.summary,
        ]),
      ),
      ...(versions.length > HISTORY_SHOWN
        ? [
            quote(`${versions.length - HISTORY_SHOWN} older versions: the Slack App Home lists them all.`, {
              subtle: true,
            }),
          ]
        : []),
      ...(older.length > 0
        ? ([
            {
              type: 'Input.ChoiceSet',
              id: 'version',
              label: 'Make an older version current again (as a new version)',
              style: 'compact',
              value: String(older[0]!.version),
              choices: older.map((v) => ({ title: `v${v.version}`, value: String(v.version) })),
            },
          ] satisfies Element[])
        : []),
    ],
    [
      ...(older.length > 0 ? [execute('Revert', PLAYBOOK_VERBS.revert, {})] : []),
      execute('Back to the list', PLAYBOOK_VERBS.list, {}),
    ],
  );
}

/** After a save: the new version and what changed, in words. */
export function savedCard(version: number, changes: string[]): AdaptiveCard {
  return card(
    [
      heading(`✅ Saved as version ${version}`),
      ...changes.slice(0, 10).map((c) => quote(`• ${c}`)),
      ...(changes.length > 10 ? [quote(`…and ${changes.length - 10} more changes`, { subtle: true })] : []),
    ],
    [execute('Back to the list', PLAYBOOK_VERBS.list, {})],
  );
}

/** A form's fields as card inputs from the platform-neutral field table, each with its problem above it. */
function formInputs<F extends object>(fields: Array<FormField<F>>, form: F, errors?: FieldErrors<F>): Element[] {
  const out: Element[] = [];
  for (const f of fields) {
    const value = String(form[f.field] ?? '');
    const error = errors?.[f.field];
    if (error) out.push(problem(`${f.label}: ${error}`));
    out.push(
      f.choices
        ? {
            type: 'Input.ChoiceSet',
            id: f.field,
            label: f.label,
            style: 'compact',
            value,
            choices: f.choices.map((c) => ({ title: c, value: c })),
          }
        : {
            type: 'Input.Text',
            id: f.field,
            label: f.label,
            // never cut: a longer field is refused before the card is built (see oversizedField)
            value,
            maxLength: MAX_FORM_FIELD,
            ...(f.multiline ? { isMultiline: true } : {}),
            ...(f.optional ? {} : { isRequired: true, errorMessage: `${f.label} is needed` }),
          },
    );
    if (f.hint) out.push(quote(f.hint, { subtle: true, size: 'Small' }));
  }
  return out;
}

/** A problem line (it may quote what was typed, so a plain run, never Markdown). */
function problem(text: string): RichTextBlock {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: `⚠ ${text}`.slice(0, 1000), color: 'Attention', weight: 'Bolder' }],
  };
}
