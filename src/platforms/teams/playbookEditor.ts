import { AppError, reportError, userMessage } from '../../errors';
import {
  CATEGORY_FORM_FIELDS,
  categoryToForm,
  emptyCategoryForm,
  type FormField,
  oversizedField,
  SETTINGS_FORM_FIELDS,
  settingsToForm,
} from '../../playbook/forms';
import type { Playbook } from '../../playbook/schema';
import { filled } from '../../slips/stepForms';
import { cardMessage } from './cards';
import {
  categoryCard,
  historyCard,
  PLAYBOOK_VERBS,
  playbookMenuCard,
  savedCard,
  settingsCard,
} from './cards/playbookEditor';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { cardResponse } from './invokeResults';
import { peopleFor } from './people';

/**
 * The playbook editor in Teams: `playbook` (managers) posts a card to pick a category; Edit and Add replace it with
 * the category form; Save goes through the same PlaybookEditor as Slack's modal (schema, examples check, versions,
 * manager check on every call); retiring a category, "Roles & venue" and "History" (with revert) likewise. An old
 * version's YAML, and YAML export and import, stay in Slack's App Home and the CLI.
 */
export async function playbookMenu(deps: TeamsDeps, turn: Turn, tenant: string, actor: string): Promise<undefined> {
  await deps.permissions.require(tenant, actor, 'manager', 'edit the playbook');
  const { playbook, version } = await deps.playbooks.current(tenant);
  await turn.send(cardMessage({ text: `Playbook version ${version}`, card: playbookMenuCard(playbook, version) }));
  return undefined;
}

export function isPlaybookVerb(verb: string): boolean {
  return Object.values(PLAYBOOK_VERBS).includes(verb as never);
}

/** What one press needs: who pressed, in which tenant, the playbook as it is now, and the card's data. */
interface Press {
  deps: TeamsDeps;
  tenant: string;
  actor: string;
  playbook: Playbook;
  version: number;
  data: Record<string, unknown>;
}

const HANDLERS: Record<string, (press: Press) => Promise<InvokeResult>> = {
  [PLAYBOOK_VERBS.list]: async (p) => show(playbookMenuCard(p.playbook, p.version)),
  [PLAYBOOK_VERBS.add]: async (p) => show(categoryCard(emptyCategoryForm(), { baseVersion: p.version })),
  [PLAYBOOK_VERBS.edit]: editCategory,
  [PLAYBOOK_VERBS.save]: saveCategory,
  [PLAYBOOK_VERBS.retire]: retireOrRestore,
  [PLAYBOOK_VERBS.settings]: async (p) => show(settingsCard(settingsToForm(p.playbook), p.version)),
  [PLAYBOOK_VERBS.saveSettings]: saveSettings,
  [PLAYBOOK_VERBS.history]: history,
  [PLAYBOOK_VERBS.revert]: revert,
};

/** A press on the menu or one of the forms: the card to show in its place. */
export async function onPlaybookAction(
  deps: TeamsDeps,
  tenant: string,
  actor: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<InvokeResult> {
  // every press is checked here, whatever the card it came from
  await deps.permissions.require(tenant, actor, 'manager', 'edit the playbook');
  const { playbook, version } = await deps.playbooks.current(tenant);
  return HANDLERS[verb]!({ deps, tenant, actor, playbook, version, data });
}

async function editCategory({ playbook, version, data }: Press): Promise<InvokeResult> {
  const category = playbook.categories.find((c) => c.id === filled(data.category));
  if (!category) return show(playbookMenuCard(playbook, version, 'Pick a category from the list.'));
  const form = categoryToForm(category);
  const asYaml = 'Edit it as YAML (recovery-coach playbook export, then import) or in Slack.';
  // a longer field would be cut by the card's box and saved cut: such a category is edited as YAML
  const long = oversizedField(form);
  if (long)
    return show(
      playbookMenuCard(
        playbook,
        version,
        `${category.name}: its "${long}" field is longer than a card's 3,000-character box. ${asYaml}`,
      ),
    );
  const card = categoryCard(form, { categoryId: category.id, baseVersion: version });
  if (JSON.stringify(card).length > MAX_CARD_CHARS)
    return show(playbookMenuCard(playbook, version, `${category.name} is too long to edit in a Teams card. ${asYaml}`));
  return show(card);
}

async function saveCategory({ deps, tenant, actor, data }: Press): Promise<InvokeResult> {
  const form = formFrom(CATEGORY_FORM_FIELDS, emptyCategoryForm(), data);
  const context = { categoryId: filled(data.categoryId), baseVersion: Number(data.baseVersion) };
  try {
    const result = await deps.editor.saveCategory({
      tenant,
      by: actor,
      form,
      ...context,
      confirmMismatches: data.confirm === true || data.confirm === 'true',
    });
    if (result.kind === 'errors') return show(categoryCard(form, { ...context, errors: result.errors }));
    if (result.kind === 'mismatches') return show(categoryCard(form, { ...context, mismatches: result.mismatches }));
    return show(savedCard(result.meta.version, result.changes));
  } catch (error) {
    const appError = reportError(deps.log, error, { tenant, where: 'teams playbook save' });
    // a newer version, a category retired meanwhile, storage trouble: the form stays as typed, with the reason
    if (appError.code === 'FORBIDDEN') throw appError;
    return show(categoryCard(form, { ...context, errors: { form: userMessage(appError) } }));
  }
}

/** A retired category stops matching; its slips and history stay, and it is restored the same way. */
async function retireOrRestore({ deps, tenant, actor, playbook, version, data }: Press): Promise<InvokeResult> {
  const category = playbook.categories.find((c) => c.id === filled(data.category));
  if (!category) return show(playbookMenuCard(playbook, version, 'Pick a category from the list.'));
  const result = await deps.editor.setRetired(tenant, actor, category.id, !category.retired);
  if (result.kind !== 'saved') return show(playbookMenuCard(playbook, version, 'That change was not saved.'));
  const after = await deps.playbooks.current(tenant);
  const done = `${category.name} ${category.retired ? 'restored' : 'retired'} (version ${result.meta.version}).`;
  return show(playbookMenuCard(after.playbook, after.version, done));
}

async function revert({ deps, tenant, actor, data }: Press): Promise<InvokeResult> {
  const chosen = Number(filled(data.version));
  if (!Number.isInteger(chosen)) throw new AppError('BAD_INPUT', 'Pick a version from the list.');
  const meta = await deps.editor.revert(tenant, actor, chosen);
  return show(savedCard(meta.version, [meta.summary]));
}

const show = cardResponse;

/** A Teams message carries about 28 KB; a category form past this would be refused by Teams. */
const MAX_CARD_CHARS = 24_000;

async function saveSettings({ deps, tenant, actor, playbook, data }: Press): Promise<InvokeResult> {
  const form = formFrom(SETTINGS_FORM_FIELDS, settingsToForm(playbook), data);
  const baseVersion = Number(data.baseVersion);
  try {
    const result = await deps.editor.saveSettings({ tenant, by: actor, form, baseVersion });
    if (result.kind === 'errors') return show(settingsCard(form, baseVersion, result.errors));
    if (result.kind === 'mismatches') return show(settingsCard(form, baseVersion));
    return show(savedCard(result.meta.version, result.changes));
  } catch (error) {
    const appError = reportError(deps.log, error, { tenant, where: 'teams playbook settings' });
    if (appError.code === 'FORBIDDEN') throw appError;
    return show(settingsCard(form, baseVersion, { form: userMessage(appError) }));
  }
}

async function history({ deps, tenant, playbook, version }: Press): Promise<InvokeResult> {
  const versions = await deps.playbooks.history(tenant, 50);
  const people = await peopleFor(
    deps.refs,
    tenant,
    versions.map((v) => v.author),
  );
  return show(historyCard(versions, version, people, playbook.venue.timezone));
}

/**
 * The form as submitted (Action.Execute merges the inputs into data) over `base`: a field the card did not send
 * keeps its value from `base`, and a field that is not text is refused.
 */
function formFrom<F extends object>(fields: Array<FormField<F>>, base: F, data: Record<string, unknown>): F {
  const form = { ...base };
  for (const f of fields) {
    const value = data[f.field];
    if (typeof value === 'string') (form as Record<string, string>)[f.field] = value;
    else if (value !== undefined) throw new AppError('BAD_INPUT', `${f.label}: expected text.`);
  }
  return form;
}
