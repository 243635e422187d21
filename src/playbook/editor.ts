import type { z } from 'zod';
import { Detector } from '../coach/detector';
import { AppError } from '../errors';
import { diffPlaybooks, summarize } from './diff';
import { applySettingsForm, type CategoryForm, type FieldErrors, formToCategory, type SettingsForm } from './forms';
import { formatIssues, type PlaybookIssue, parsePlaybookYaml, playbookToYaml } from './load';
import type { Permissions } from './permissions';
import { type Category, type Playbook, PlaybookSchema } from './schema';
import type { PlaybookStore, PlaybookVersionMeta } from './store';

export type SaveResult<F> =
  | { kind: 'saved'; meta: PlaybookVersionMeta; changes: string[] }
  | { kind: 'errors'; errors: FieldErrors<F> }
  /** The category's examples would now land elsewhere: confirm to save anyway. */
  | { kind: 'mismatches'; mismatches: Array<{ example: string; got: string }> };

const CATEGORY_FIELDS: Record<string, keyof CategoryForm> = {
  name: 'name',
  description: 'description',
  triggers: 'triggers',
  subjects: 'subjects',
  examples: 'examples',
  acknowledge: 'acknowledge',
  correct: 'correct',
  connect: 'connect',
  gestures: 'gestures',
  followUp: 'followUp',
};

/**
 * Editing a tenant's playbook: every change is validated by the schema, checked against the category's own
 * examples, saved as a new version on top of the version the editor started from (or refused as a conflict), and
 * allowed only to managers, checked here for every call.
 */
export class PlaybookEditor {
  constructor(private readonly options: { store: PlaybookStore; permissions: Permissions }) {}

  async saveCategory(input: {
    tenant: string;
    by: string;
    /** Undefined: a new category. */
    categoryId?: string;
    form: CategoryForm;
    baseVersion: number;
    /** Save even if some examples would now land in another category. */
    confirmMismatches?: boolean;
  }): Promise<SaveResult<CategoryForm>> {
    await this.requireManager(input.tenant, input.by);
    const { playbook } = await this.versionFor(input.tenant, input.baseVersion);
    const index = input.categoryId
      ? playbook.categories.findIndex((c) => c.id === input.categoryId)
      : playbook.categories.length;
    if (input.categoryId && index === -1)
      throw new AppError('NOT_FOUND', `There is no category "${input.categoryId}".`);
    const existing = playbook.categories[index];
    const parsed = formToCategory(input.form, existing ?? { id: newCategoryId(input.form.name, playbook) });
    if (!parsed.ok) return { kind: 'errors', errors: parsed.errors };
    const candidate = { ...playbook, categories: [...playbook.categories] } as Record<string, unknown> & {
      categories: unknown[];
    };
    candidate.categories[index] = parsed.category;
    const result = PlaybookSchema.safeParse(candidate);
    if (!result.success) return { kind: 'errors', errors: categoryErrors(result.error.issues, index) };
    const category = result.data.categories[index]!;
    if (!input.confirmMismatches) {
      const mismatches = exampleMismatches(result.data, category);
      if (mismatches.length > 0) return { kind: 'mismatches', mismatches };
    }
    return this.save(input.tenant, input.by, playbook, result.data, input.baseVersion);
  }

  /** Retires a category (it stops matching; its history stays) or brings it back. */
  async setRetired(
    tenant: string,
    by: string,
    categoryId: string,
    retired: boolean,
  ): Promise<SaveResult<CategoryForm>> {
    await this.requireManager(tenant, by);
    const { playbook, version } = await this.options.store.current(tenant);
    if (!playbook.categories.some((c) => c.id === categoryId))
      throw new AppError('NOT_FOUND', `There is no category "${categoryId}".`);
    const next = {
      ...playbook,
      categories: playbook.categories.map((c) => (c.id === categoryId ? { ...c, retired } : c)),
    };
    const result = PlaybookSchema.safeParse(next);
    if (!result.success) return { kind: 'errors', errors: { form: result.error.issues[0]?.message ?? 'invalid' } };
    return this.save(tenant, by, playbook, result.data, version);
  }

  async saveSettings(input: {
    tenant: string;
    by: string;
    form: SettingsForm;
    baseVersion: number;
  }): Promise<SaveResult<SettingsForm>> {
    await this.requireManager(input.tenant, input.by);
    const { playbook } = await this.versionFor(input.tenant, input.baseVersion);
    const applied = applySettingsForm(playbook, input.form);
    if (!applied.ok) return { kind: 'errors', errors: applied.errors };
    const result = PlaybookSchema.safeParse(applied.playbook);
    if (!result.success) return { kind: 'errors', errors: settingsErrors(result.error.issues) };
    return this.save(input.tenant, input.by, playbook, result.data, input.baseVersion);
  }

  /** Makes an old version current again, as a new version (history is never rewritten). */
  async revert(tenant: string, by: string, version: number): Promise<PlaybookVersionMeta> {
    await this.requireManager(tenant, by);
    const old = await this.options.store.get(tenant, version);
    if (!old) throw new AppError('NOT_FOUND', `There is no playbook version ${version}.`);
    const current = await this.options.store.current(tenant);
    return this.options.store.save(tenant, old.playbook, {
      expectedVersion: current.version,
      author: by,
      summary: `Reverted to version ${version}: ${summarize(diffPlaybooks(current.playbook, old.playbook))}`,
    });
  }

  /** Validates YAML and saves it as the next version; problems come back with their YAML line numbers. */
  async importYaml(
    tenant: string,
    by: string,
    text: string,
  ): Promise<{ kind: 'saved'; meta: PlaybookVersionMeta } | { kind: 'invalid'; issues: PlaybookIssue[] }> {
    await this.requireManager(tenant, by);
    const parsed = parsePlaybookYaml(text);
    if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues };
    const current = await this.options.store.current(tenant);
    const meta = await this.options.store.save(tenant, parsed.playbook, {
      expectedVersion: current.version,
      author: by,
      summary: `Imported YAML: ${summarize(diffPlaybooks(current.playbook, parsed.playbook))}`,
    });
    return { kind: 'saved', meta };
  }

  async exportYaml(tenant: string, by: string): Promise<{ yaml: string; version: number }> {
    await this.requireManager(tenant, by);
    const { playbook, version } = await this.options.store.current(tenant);
    return { yaml: `# recovery-coach playbook, version ${version}\n${playbookToYaml(playbook)}`, version };
  }

  private async save(
    tenant: string,
    by: string,
    before: Playbook,
    after: Playbook,
    baseVersion: number,
  ): Promise<SaveResult<never>> {
    const changes = diffPlaybooks(before, after);
    const meta = await this.options.store.save(tenant, after, {
      expectedVersion: baseVersion,
      author: by,
      summary: summarize(changes),
    });
    return { kind: 'saved', meta, changes };
  }

  /** The playbook as the editor saw it: saving on top of anything newer is a conflict, reported before any work. */
  private async versionFor(tenant: string, version: number): Promise<{ playbook: Playbook }> {
    const current = await this.options.store.current(tenant);
    if (current.version !== version)
      throw new AppError(
        'PLAYBOOK_CONFLICT',
        `Someone else saved version ${current.version} while you edited. Nothing was saved: copy your changes, reopen the editor and apply them again.`,
      );
    return current;
  }

  private requireManager(tenant: string, by: string): Promise<void> {
    return this.options.permissions.require(tenant, by, 'manager', 'edit the playbook');
  }
}

export function formatImportIssues(issues: PlaybookIssue[]): string {
  return formatIssues(issues);
}

/** Examples of `category` that the detector, with this playbook, puts somewhere else. */
export function exampleMismatches(playbook: Playbook, category: Category): Array<{ example: string; got: string }> {
  if (category.retired) return [];
  const detector = new Detector(playbook, { examplesAreKnown: false });
  return category.examples
    .map((example) => {
      const result = detector.detect(example);
      return { example, got: result.isSlip ? result.categoryId! : '(not a slip)' };
    })
    .filter((r) => r.got !== category.id);
}

function newCategoryId(name: string, playbook: Playbook): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'c$1')
      .slice(0, 30) || 'category';
  let id = /^[a-z]/.test(base) ? base : `c_${base}`;
  for (let n = 2; playbook.categories.some((c) => c.id === id); n++) id = `${base}_${n}`;
  return id;
}

function categoryErrors(issues: z.core.$ZodIssue[], index: number): FieldErrors<CategoryForm> {
  const errors: FieldErrors<CategoryForm> = {};
  for (const issue of issues) {
    const [root, at, field, item] = issue.path;
    let key: keyof CategoryForm | 'form' = 'form';
    if (root === 'categories' && at === index && typeof field === 'string') {
      if (field === 'severity') key = issue.path[3] === 'rules' ? 'severityRules' : 'severityDefault';
      else key = CATEGORY_FIELDS[field] ?? 'form';
    }
    const line = typeof item === 'number' && key !== 'severityDefault' ? `line ${item + 1}: ` : '';
    errors[key] ??= `${line}${issue.message}`;
  }
  return errors;
}

const SETTINGS_FIELDS: Record<string, keyof SettingsForm> = {
  name: 'venueName',
  type: 'venueType',
  timezone: 'timezone',
  currency: 'currency',
  checkoutTime: 'checkoutTime',
};

function settingsErrors(issues: z.core.$ZodIssue[]): FieldErrors<SettingsForm> {
  const errors: FieldErrors<SettingsForm> = {};
  for (const issue of issues) {
    const [root, at] = issue.path;
    let key: keyof SettingsForm | 'form' = 'form';
    if (root === 'venue' && typeof at === 'string') key = SETTINGS_FIELDS[at] ?? 'form';
    else if (root === 'escalateAt') key = 'escalateAt';
    else if (root === 'repeatWindowHours') key = 'repeatWindowHours';
    else if (root === 'roles' || root === 'defaultRole') key = 'roles';
    const line = root === 'roles' && typeof at === 'number' ? `line ${at + 1}: ` : '';
    errors[key] ??= `${line}${issue.message}`;
  }
  return errors;
}
