import { CATEGORY_FORM_FIELDS, type CategoryForm, type FieldErrors, MAX_FORM_FIELD } from '../../../playbook/forms';
import { type Playbook, SEVERITIES } from '../../../playbook/schema';
import { type AdaptiveCard, card, type Element, execute, heading, line, quote } from './elements';

export const PLAYBOOK_VERBS = {
  list: 'rc.pb.list',
  edit: 'rc.pb.edit',
  add: 'rc.pb.add',
  save: 'rc.pb.save',
} as const;

/** The playbook for a manager: its categories, one to pick and edit, or a new one to add. */
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
      quote(
        'History, revert, roles and venue settings: the Slack App Home, or recovery-coach playbook export|import.',
        {
          subtle: true,
          size: 'Small',
        },
      ),
    ],
    [execute('Edit', PLAYBOOK_VERBS.edit, data, 'positive'), execute('Add a category', PLAYBOOK_VERBS.add, data)],
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
  for (const f of CATEGORY_FORM_FIELDS) {
    const error = context.errors?.[f.field];
    if (error) body.push(problem(`${f.label}: ${error}`));
    body.push(
      f.severity
        ? {
            type: 'Input.ChoiceSet',
            id: f.field,
            label: f.label,
            style: 'compact',
            value: form[f.field] || 'medium',
            choices: SEVERITIES.map((s) => ({ title: s, value: s })),
          }
        : {
            type: 'Input.Text',
            id: f.field,
            label: f.label,
            // never cut: a longer field is refused before the card is built (see oversizedField)
            value: form[f.field],
            maxLength: MAX_FORM_FIELD,
            ...(f.multiline ? { isMultiline: true } : {}),
            ...(f.optional ? {} : { isRequired: true, errorMessage: `${f.label} is needed` }),
          },
    );
    if (f.hint) body.push(quote(f.hint, { subtle: true, size: 'Small' }));
  }
  const data = { baseVersion: context.baseVersion, ...(context.categoryId ? { categoryId: context.categoryId } : {}) };
  return card(body, [
    execute('Save', PLAYBOOK_VERBS.save, data, 'positive'),
    ...(context.mismatches?.length ? [execute('Save anyway', PLAYBOOK_VERBS.save, { ...data, confirm: true })] : []),
    execute('Back to the list', PLAYBOOK_VERBS.list, {}),
  ]);
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

/** A problem line (it may quote what was typed, so a plain run, never Markdown). */
function problem(text: string): Element {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: `⚠ ${text}`.slice(0, 1000), color: 'Attention', weight: 'Bolder' }],
  };
}
