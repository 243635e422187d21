import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findGuestRef } from '../../coach/guestRef';
import type { ModelInput, ModelOutput } from '../../coach/modelAdvice';
import { activeCategories, type Playbook, type Role } from '../../playbook/schema';

/** The prompt files (prompts/ at the package root), read once per process. */
export interface PromptFiles {
  system: string;
  playbook: string;
  user: string;
}

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

const FEW_SHOT = 4;
const cache = new Map<string, PromptFiles>();

export function promptsDir(): string {
  // src/infra/openai (or dist/infra/openai) → the package root
  return resolve(__dirname, '../../../prompts');
}

export function loadPrompts(dir = promptsDir()): PromptFiles {
  let files = cache.get(dir);
  if (!files) {
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim();
    files = { system: read('system.md'), playbook: read('playbook.md'), user: read('user.md') };
    cache.set(dir, files);
  }
  return files;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

/** The staff message as quoted data: it cannot close its own tags or open new ones. */
export function quoted(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

/** The playbook as the model reads it: ids, lines and gestures with their tiers and costs. */
export function renderPlaybook(playbook: Playbook): string {
  return activeCategories(playbook)
    .map((c) =>
      [
        `## ${c.id}: ${c.name}${c.owner === 'manager' ? ' (manager-owned: no gestures)' : ''}`,
        c.description,
        `acknowledge: ${c.acknowledge.join(' / ')}`,
        `correct: ${c.correct.join(' / ')}`,
        `connect: ${c.connect.join(' / ')}`,
        `gestures: ${c.gestures.length > 0 ? c.gestures.map((g) => `${g.label} (tier ${g.tier}, cost ${g.cost})`).join('; ') : 'none'}`,
      ].join('\n'),
    )
    .join('\n\n');
}

/**
 * The conversation sent to the model: the system prompt with the playbook, a few worked examples taken from the
 * playbook's own example messages, then the staff message.
 */
export function renderMessages(input: ModelInput, files: PromptFiles = loadPrompts()): ChatMessage[] {
  const { playbook, role } = input;
  const venue = {
    venue_name: playbook.venue.name,
    venue_type: playbook.venue.type,
    currency: playbook.venue.currency,
  };
  const system = `${fill(files.system, venue)}\n\n${fill(files.playbook, { ...venue, categories: renderPlaybook(playbook) })}`;
  const user = (text: string, who: Role, earlier: number) =>
    fill(files.user, {
      ...venue,
      role_name: who.name,
      role_tier: String(who.tier),
      role_limit: String(who.compLimit),
      repeat: earlier > 0 ? `This guest has had ${earlier} earlier slip(s) recently.` : '',
      message: quoted(text),
    }).replace(/\n{3,}/g, '\n\n');
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const category of activeCategories(playbook)
    .filter((c) => !c.fallback)
    .slice(0, FEW_SHOT)) {
    const example = category.examples[0]!;
    const answer: ModelOutput = {
      is_slip: true,
      category: category.id,
      severity: category.severity.default,
      acknowledge: category.acknowledge.slice(0, 1),
      correct: category.correct.slice(0, 1),
      connect: category.connect.slice(0, 1),
      gestures: category.gestures.filter((g) => g.tier <= role.tier && g.cost <= role.compLimit).map((g) => g.label),
      guest_ref: findGuestRef(example)?.text ?? null,
    };
    messages.push(
      { role: 'user', content: user(example, role, 0) },
      { role: 'assistant', content: JSON.stringify(answer) },
    );
  }
  messages.push({ role: 'user', content: user(input.text, role, input.earlierForGuest) });
  return messages;
}
