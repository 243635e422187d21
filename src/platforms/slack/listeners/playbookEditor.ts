import type { App, BlockAction, ButtonAction, OverflowAction, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { AppError } from '../../../errors';
import { formatImportIssues, type PlaybookEditor } from '../../../playbook/editor';
import {
  type CategoryForm,
  categoryToForm,
  emptyCategoryForm,
  oversizedField,
  type SettingsForm,
  settingsToForm,
} from '../../../playbook/forms';
import { playbookToYaml } from '../../../playbook/load';
import { isRecovered } from '../../../slips/slip';
import { readInput } from '../blocks/modals';
import {
  type CategoryStats,
  categoryModal,
  fieldErrors,
  PLAYBOOK_ACTIONS,
  PLAYBOOK_MODALS,
  playbookHomeBlocks,
  settingsModal,
} from '../blocks/playbookEditor';
import { historyModal, importModal, versionModal } from '../blocks/playbookVersions';
import { md, plain } from '../blocks/text';
import { type HomeExtension, type SlackDeps, slackTenant } from '../deps';
import { explain } from '../replies';
import { publishHome } from './appHome';
import { uploadedText } from './playbookFile';

const CATEGORY_FIELDS: Array<keyof CategoryForm> = [
  'name',
  'description',
  'triggers',
  'subjects',
  'examples',
  'acknowledge',
  'correct',
  'connect',
  'gestures',
  'followUp',
  'severityDefault',
  'severityRules',
];
const SETTINGS_FIELDS: Array<keyof SettingsForm> = [
  'venueName',
  'venueType',
  'timezone',
  'currency',
  'checkoutTime',
  'escalateAt',
  'repeatWindowHours',
  'roles',
];

/** App Home (managers): the playbook section with this month's stats per category. */
export function playbookHomeSection(deps: SlackDeps): HomeExtension {
  return async (tenant) => {
    const monthStart = new Date(deps.clock());
    monthStart.setUTCDate(1);
    monthStart.setUTCHours(0, 0, 0, 0);
    const [{ playbook }, history, month] = await Promise.all([
      deps.playbooks.current(tenant),
      deps.playbooks.history(tenant, 1),
      deps.slips.list(tenant, { since: monthStart.getTime(), limit: 5000 }),
    ]);
    const stats = new Map<string, CategoryStats>();
    for (const slip of month) {
      const s = stats.get(slip.categoryId) ?? { thisMonth: 0, recovered: 0 };
      s.thisMonth++;
      if (isRecovered(slip)) s.recovered++;
      stats.set(slip.categoryId, s);
    }
    return playbookHomeBlocks(playbook, history[0], stats);
  };
}

/**
 * The playbook editor's buttons and modals. Opening an editor checks the manager role (so others never see one);
 * every save checks it again on the server (a crafted submission from anyone else changes nothing).
 */
export function registerPlaybookEditor(app: App, deps: SlackDeps, editor: PlaybookEditor): void {
  const pattern = new RegExp(`^(${Object.values(PLAYBOOK_ACTIONS).join('|')})$`);
  app.action<BlockAction>(pattern, async ({ ack, body, action, client }) => {
    await ack();
    const tenant = slackTenant(body.team?.id, body.enterprise?.id);
    const user = body.user.id;
    // buttons inside a modal (History → View) must push onto it: Slack refuses to open a second modal
    const fromModal = body.container?.type === 'view' && body.view?.type === 'modal';
    const show = (view: ModalView) =>
      fromModal
        ? client.views.push({ trigger_id: body.trigger_id, view })
        : client.views.open({ trigger_id: body.trigger_id, view });
    try {
      await deps.permissions.require(tenant, user, 'manager', 'edit the playbook');
      const view = await openView(deps, editor, client, tenant, user, action as ButtonAction | OverflowAction);
      if (view === 'refresh') {
        await publishHome(client, deps, tenant, user);
        // a revert from the history modal: show the history with the new version on top
        if (fromModal)
          await client.views.update({
            view_id: body.view!.id,
            view: historyModal(
              await deps.playbooks.history(tenant, 30),
              (await deps.playbooks.current(tenant)).version,
            ),
          });
      } else if (view) await show(view);
    } catch (error) {
      await show(notice(explain(deps.log, error, { tenant, where: 'playbook editor' }))).catch(() => undefined);
    }
  });

  app.view<ViewSubmitAction>(
    { callback_id: new RegExp(`^(${Object.values(PLAYBOOK_MODALS).join('|')})$`), type: 'view_submission' },
    async ({ ack, body, view, client }) => {
      const tenant = slackTenant(body.team?.id, body.enterprise?.id);
      const user = body.user.id;
      try {
        // the role first: a non-manager's submission reads nothing (no file is fetched, no file id is confirmed)
        await deps.permissions.require(tenant, user, 'manager', 'edit the playbook');
        const response = await submit(editor, client, { tenant, user, view, meta: readMeta(view.private_metadata) });
        await ack(response);
        if (!response) await publishHome(client, deps, tenant, user).catch(() => undefined);
      } catch (error) {
        const message = explain(deps.log, error, { tenant, where: 'playbook save' }).replace(/^:warning: /, '');
        const first =
          view.callback_id === PLAYBOOK_MODALS.settings
            ? 'roles'
            : view.callback_id === PLAYBOOK_MODALS.importYaml
              ? 'yaml'
              : 'name';
        await ack({ response_action: 'errors', errors: { [first]: message.slice(0, 150) } });
      }
    },
  );
}

type Opened = ModalView | 'refresh' | undefined;

async function openView(
  deps: SlackDeps,
  editor: PlaybookEditor,
  client: WebClient,
  tenant: string,
  user: string,
  action: ButtonAction | OverflowAction,
): Promise<Opened> {
  const { playbook, version } = await deps.playbooks.current(tenant);
  const value = action.type === 'overflow' ? action.selected_option.value : (action.value ?? '');
  switch (action.action_id) {
    case PLAYBOOK_ACTIONS.menu: {
      const [verb, id = ''] = value.split(':');
      if (verb === 'edit') {
        const category = playbook.categories.find((c) => c.id === id);
        if (!category) throw new AppError('NOT_FOUND', `There is no category "${id}".`);
        const form = categoryToForm(category);
        refuseOversized(form);
        return categoryModal(form, { categoryId: id, baseVersion: version });
      }
      await editor.setRetired(tenant, user, id, verb === 'retire');
      return 'refresh';
    }
    case PLAYBOOK_ACTIONS.add:
      return categoryModal(emptyCategoryForm(), { baseVersion: version });
    case PLAYBOOK_ACTIONS.settings: {
      const form = settingsToForm(playbook);
      refuseOversized(form);
      return settingsModal(form, version);
    }
    case PLAYBOOK_ACTIONS.history:
      return historyModal(await deps.playbooks.history(tenant, 30), version);
    case PLAYBOOK_ACTIONS.view: {
      const old = await deps.playbooks.get(tenant, Number(value));
      if (!old) throw new AppError('NOT_FOUND', `There is no playbook version ${value}.`);
      return versionModal(Number(value), playbookToYaml(old.playbook));
    }
    case PLAYBOOK_ACTIONS.revert:
      await editor.revert(tenant, user, Number(value));
      return 'refresh';
    case PLAYBOOK_ACTIONS.exportYaml: {
      const exported = await editor.exportYaml(tenant, user);
      const dm = await client.conversations.open({ users: user });
      await client.filesUploadV2({
        channel_id: (dm.channel as { id: string }).id,
        content: exported.yaml,
        filename: `playbook-v${exported.version}.yaml`,
        title: `Playbook version ${exported.version}`,
        initial_comment: `Your playbook, version ${exported.version}. Edit it and use *Import YAML…* to bring it back.`,
      });
      return undefined;
    }
    default:
      return importModal();
  }
}

interface Submission {
  tenant: string;
  user: string;
  view: ViewSubmitAction['view'];
  meta: { categoryId?: string; baseVersion?: number };
}

/** Undefined: saved (close the modal). Otherwise Slack's response: field errors, or an updated modal. */
async function submit(
  editor: PlaybookEditor,
  client: WebClient,
  s: Submission,
): Promise<ViewResponseAction | undefined> {
  const values = s.view.state.values;
  const read = (id: string) => String(readInput(values, id) ?? '');
  if (s.view.callback_id === PLAYBOOK_MODALS.category) {
    const form = Object.fromEntries(CATEGORY_FIELDS.map((f) => [f, read(f)])) as unknown as CategoryForm;
    const confirm =
      (values.confirm?.value as { selected_options?: unknown[] } | undefined)?.selected_options?.length ?? 0;
    const result = await editor.saveCategory({
      tenant: s.tenant,
      by: s.user,
      categoryId: s.meta.categoryId,
      form,
      baseVersion: s.meta.baseVersion ?? -1,
      confirmMismatches: confirm > 0,
    });
    if (result.kind === 'errors') return { response_action: 'errors', errors: fieldErrors(result.errors, 'name') };
    if (result.kind === 'mismatches')
      return {
        response_action: 'update',
        view: categoryModal(form, {
          categoryId: s.meta.categoryId,
          baseVersion: s.meta.baseVersion ?? -1,
          mismatches: result.mismatches,
        }),
      };
    return undefined;
  }
  if (s.view.callback_id === PLAYBOOK_MODALS.settings) {
    const form = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, read(f)])) as unknown as SettingsForm;
    const result = await editor.saveSettings({
      tenant: s.tenant,
      by: s.user,
      form,
      baseVersion: s.meta.baseVersion ?? -1,
    });
    return result.kind === 'errors'
      ? { response_action: 'errors', errors: fieldErrors(result.errors, 'roles') }
      : undefined;
  }
  const text = (await uploadedText(client, values)) ?? read('yaml');
  if (!text.trim()) return { response_action: 'errors', errors: { yaml: 'Attach a playbook file or paste its YAML.' } };
  const result = await editor.importYaml(s.tenant, s.user, text);
  if (result.kind === 'invalid')
    return { response_action: 'update', view: importModal(formatImportIssues(result.issues)) };
  return undefined;
}

/**
 * Slack text inputs hold at most 3,000 characters. A field longer than that would come back cut short and lose
 * lines on save, so such a category is edited through YAML instead.
 */
function refuseOversized(form: object): void {
  const long = oversizedField(form);
  if (long)
    throw new AppError(
      'BAD_INPUT',
      `Its "${long}" field is longer than Slack's 3,000-character box. Use *Export YAML*, edit the file, and *Import YAML…* it back.`,
    );
}

function notice(text: string): ModalView {
  return {
    type: 'modal',
    title: plain('Playbook', 24),
    close: plain('OK', 24),
    blocks: [{ type: 'section', text: md(text) }],
  };
}

/** The modal's own context; anything else (a forged or garbled submission) is refused with a sentence, before the ack. */
function readMeta(raw: string | undefined): { categoryId?: string; baseVersion?: number } {
  try {
    const meta = JSON.parse(raw || '{}') as unknown;
    if (meta && typeof meta === 'object' && !Array.isArray(meta))
      return meta as { categoryId?: string; baseVersion?: number };
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('BAD_INPUT', 'This form could not be read. Close it and open it again from App Home.');
}
