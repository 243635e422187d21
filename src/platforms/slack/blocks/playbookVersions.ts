import type { Button, KnownBlock, ModalView } from '@slack/types';
import { DateTime } from 'luxon';
import type { PlaybookVersionMeta } from '../../../playbook/store';
import { PLAYBOOK_ACTIONS, PLAYBOOK_MODALS, textInput } from './playbookEditor';
import { escapeMrkdwn, LIMITS, md, mention, plain, truncate } from './text';

/** The playbook's history for managers: each version with who, when and what changed, and View / Revert. */
export function historyModal(versions: PlaybookVersionMeta[], current: number): ModalView {
  const blocks: KnownBlock[] = [];
  for (const meta of versions.slice(0, 30)) {
    const when = DateTime.fromMillis(meta.at).toFormat('d LLL HH:mm');
    const elements: Button[] = [
      { type: 'button', action_id: PLAYBOOK_ACTIONS.view, text: plain('View', 75), value: String(meta.version) },
    ];
    if (meta.version !== current)
      elements.push({
        type: 'button',
        action_id: PLAYBOOK_ACTIONS.revert,
        text: plain('Revert', 75),
        value: String(meta.version),
        confirm: {
          title: plain('Revert the playbook?', 100),
          text: plain(`Version ${meta.version} becomes the current playbook again, as a new version.`, 300),
          confirm: plain('Revert', 30),
          deny: plain('Cancel', 30),
        },
      });
    blocks.push({
      type: 'section',
      text: md(
        `*v${meta.version}*${meta.version === current ? ' (current)' : ''} · ${when} · ${mention(meta.author)}\n${escapeMrkdwn(meta.summary)}`,
      ),
    });
    blocks.push({ type: 'actions', elements });
  }
  return {
    type: 'modal',
    title: plain('Playbook history', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/**
 * One version's YAML in code blocks of at most 3,000 characters each, split between lines and measured after
 * escaping (escaping can make text longer). A playbook too long for one modal says so and points to the export.
 */
export function versionModal(version: number, yaml: string): ModalView {
  const limit = LIMITS.sectionText - 10;
  const chunks: string[] = [];
  let chunk = '';
  for (const line of yaml.split('\n').map((l) => escapeMrkdwn(l))) {
    for (const piece of line.length > limit ? (line.match(new RegExp(`[\\s\\S]{1,${limit}}`, 'g')) ?? []) : [line]) {
      if (chunk && chunk.length + piece.length + 1 > limit) {
        chunks.push(chunk);
        chunk = '';
      }
      chunk = chunk ? `${chunk}\n${piece}` : piece;
    }
  }
  if (chunk) chunks.push(chunk);
  const shown = chunks.slice(0, LIMITS.blocksPerView - 1);
  const blocks: KnownBlock[] = shown.map((c): KnownBlock => ({ type: 'section', text: md(`\`\`\`${c}\`\`\``) }));
  if (shown.length < chunks.length)
    blocks.push({ type: 'context', elements: [md('Too long to show here: use *Export YAML* for the whole file.')] });
  return {
    type: 'modal',
    title: plain(`Playbook v${version}`, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    blocks,
  };
}

export function importModal(problems?: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (problems)
    blocks.push({
      type: 'section',
      text: md(
        `:warning: *Nothing was imported.* Fix these and try again:\n\`\`\`${escapeMrkdwn(truncate(problems, 2800))}\`\`\``,
      ),
    });
  blocks.push(
    {
      type: 'input',
      block_id: 'file',
      optional: true,
      label: plain('Playbook file (.yaml)', 2000),
      element: { type: 'file_input', action_id: 'value', filetypes: ['yaml', 'yml', 'txt'], max_files: 1 },
    },
    textInput('yaml', 'Or paste YAML (up to 3,000 characters)', '', { multiline: true, optional: true }),
  );
  return {
    type: 'modal',
    callback_id: PLAYBOOK_MODALS.importYaml,
    title: plain('Import playbook', LIMITS.modalTitle),
    submit: plain('Import', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks,
  };
}
