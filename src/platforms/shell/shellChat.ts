import { createInterface } from 'node:readline';
import { render, said } from '../../conversation/catalogue';
import type { RecoverCommand } from '../../conversation/commands';
import type { Conversation } from '../../conversation/conversation';
import { plainStyle } from '../../conversation/style';
import { AppError, reportError, userMessage } from '../../errors';
import { dueAt, parseTiming } from '../../followups/timing';
import type { Logger } from '../../log';
import { activeCategories, categoryNamed } from '../../playbook/schema';
import { personFromText } from '../../slips/freeText';
import type { SlipAction } from '../../slips/lifecycle';
import type { PlaybookSource } from '../../slips/ports';
import type { SlipService } from '../../slips/service';
import { isOpen, type Slip } from '../../slips/slip';
import type { SlipStore } from '../../slips/store';
import { plainText } from '../../views/escape';
import { buildRecoveryCard } from '../../views/recoveryCard';
import { parseShellLine, SHELL_STEPS, type ShellCommand } from './commands';
import { renderCardText, renderHandoffText } from './render';

export const SHELL_TENANT = 'shell-local';
export const SHELL_CHANNEL = 'shift-floor';

export interface ShellChatOptions {
  service: SlipService;
  slips: SlipStore;
  playbooks: PlaybookSource;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  log: Logger;
  /** Prompt, banner and hints for a person at a terminal; off when stdin is piped. */
  interactive: boolean;
  /** @defaultValue the OS user name */
  user?: string;
  clock?: () => number;
  /** The conversation every platform has (`/recover …`, `/shifts`, `/handoff`, `/ai`…). */
  conversation: Conversation;
}

/** The conversation's words in the terminal. */
const SHELL_STYLE = plainStyle({
  command: (words) => `/${words}`,
  report: (words) => `/recover ${words}`,
  person: (id) => id,
  home: 'the list (/list)',
});

/**
 * The local terminal chat: behaves like a watched shift channel. Each line is handled in order (so piped input is
 * deterministic), through the same use cases as Slack and Teams.
 */
export class ShellChat {
  private user: string;
  private sequence = 0;
  private readonly clock: () => number;

  constructor(private readonly options: ShellChatOptions) {
    this.user = personFromText(options.user ?? 'you');
    this.clock = options.clock ?? Date.now;
  }

  /** Reads lines until the input ends or /quit. */
  async run(): Promise<void> {
    const { input, output, interactive } = this.options;
    if (interactive) {
      this.say(`recovery-coach shell chat · #${SHELL_CHANNEL} · typing as ${this.user}. Type /help for commands.`);
    }
    const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
    if (interactive) lines.setPrompt(`${this.user}> `);
    if (interactive) lines.prompt();
    for await (const line of lines) {
      if ((await this.handleLine(line)) === 'quit') break;
      if (interactive) {
        lines.setPrompt(`${this.user}> `);
        lines.prompt();
      }
    }
    lines.close();
  }

  /** One typed line, answered (printed) before it resolves; 'quit' when it asks to leave. */
  async handleLine(line: string): Promise<'quit' | undefined> {
    const command = parseShellLine(line);
    if (command.kind === 'quit') return 'quit';
    await this.handleSafely(command, line);
    return undefined;
  }

  /** Prints something that happened outside the conversation (a reminder falling due, a handoff). */
  notify(text: string): void {
    this.say(text);
  }

  private async handleSafely(command: ShellCommand, line: string): Promise<void> {
    try {
      await this.handle(command, line);
    } catch (error) {
      const appError = reportError(this.options.log, error, { tenant: SHELL_TENANT, where: 'shell' });
      this.say(`⚠ ${userMessage(appError)}`);
    }
  }

  private async handle(command: ShellCommand, line: string): Promise<void> {
    switch (command.kind) {
      case 'message':
        return this.report(command.text);
      case 'bot':
        return this.converse(command.command);
      case 'help':
        return this.say(`${SHELL_STEPS}\n${render(said('help', { where: 'shell' }), SHELL_STYLE)}`);
      case 'as':
        // a typed name is who the slips are stored under: never an address or a card in a Redis key
        this.user = personFromText(command.user);
        return this.say(`Now typing as ${this.user}.`);
      case 'list':
        return this.list();
      case 'show':
        return this.show(await this.options.service.get(SHELL_TENANT, command.slip));
      case 'error':
        return this.say(command.message);
      case 'quit':
        return;
      default:
        return this.step(command, line);
    }
  }

  /** A line in the channel: a card when it reads as a slip, nothing for chatter (exactly as in a Slack channel). */
  private async report(text: string): Promise<void> {
    const result = await this.options.service.onChannelMessage(this.message(text));
    if (result.kind === 'reported') return this.show(result.slip);
  }

  /** `/recover …`, `/shifts`, `/handoff`…: answered by the conversation layer, rendered as text. */
  private async converse(command: RecoverCommand): Promise<void> {
    const message = this.message('');
    const reply = await this.options.conversation.answer(
      command,
      {
        tenant: SHELL_TENANT,
        platform: 'shell',
        user: this.user,
        channel: { id: SHELL_CHANNEL, name: SHELL_CHANNEL },
        messageRef: message.messageRef,
      },
      // the terminal has no @mentions: `/role sam manager` names the person as typed
      { reportAs: 'card', role: command.kind === 'role' ? typedPerson(command.user) : undefined },
    );
    switch (reply.kind) {
      case 'say':
        return this.say(render(reply.said, SHELL_STYLE));
      case 'card':
        return this.show(reply.slip);
      case 'handoff':
        return this.say(renderHandoffText(reply.view));
      case 'home':
        return this.list();
      case 'playbook':
        return this.say(render(said('playbookInFile'), SHELL_STYLE));
      case 'insights':
        return this.say(render(said('insightsReport', { insights: reply.insights }), SHELL_STYLE));
      case 'form':
      case 'preview':
        return;
    }
  }

  private message(text: string) {
    this.sequence += 1;
    return {
      tenant: SHELL_TENANT,
      platform: 'shell' as const,
      channel: SHELL_CHANNEL,
      messageRef: `${this.clock()}.${this.sequence}`,
      user: this.user,
      text,
    };
  }

  private async step(command: ShellCommand, line: string): Promise<void> {
    if (!('slip' in command)) return;
    // "close 2 tables on patio" is chatter unless slip #2 exists
    const exists = await this.options.slips.get(SHELL_TENANT, command.slip);
    if (!exists && !line.trim().startsWith('/')) return this.report(line);
    if (command.kind === 'recat') return this.recategorize(command.slip, command.category);
    const action = await this.actionFor(command);
    const slip = await this.options.service.act(SHELL_TENANT, command.slip, this.user, action);
    await this.show(slip);
  }

  private async actionFor(command: ShellCommand): Promise<SlipAction> {
    switch (command.kind) {
      case 'ack':
        return { kind: 'acknowledge' };
      case 'fix':
        return { kind: 'correct', gesture: command.gesture, cost: command.cost };
      case 'connect':
        return { kind: 'connect', note: command.note };
      case 'followup':
        return { kind: 'schedule_followup', dueAt: await this.due(command.when) };
      case 'snooze':
        return { kind: 'snooze', dueAt: await this.due(command.when) };
      case 'done':
        return { kind: 'followup_done', outcome: command.outcome };
      case 'escalate':
        return { kind: 'escalate', reason: command.reason ?? `asked by ${this.user}` };
      case 'notslip':
        return { kind: 'dismiss' };
      case 'close':
        return { kind: 'close', note: command.note };
      case 'reopen':
        return { kind: 'reopen' };
      case 'assign':
        return { kind: 'reassign', owner: personFromText(command.user) };
      default:
        throw new AppError('BAD_INPUT', 'Unknown command. Type /help.');
    }
  }

  /** `recat N billing`: the right category by id or name; without one (or an unclear one), the list to pick from. */
  private async recategorize(slipId: string, typed: string): Promise<void> {
    const { playbook } = await this.options.playbooks.current(SHELL_TENANT);
    const category = categoryNamed(playbook, typed);
    if (!category) {
      const names = activeCategories(playbook)
        .map((c) => `${c.id} (${c.name})`)
        .join(', ');
      return this.say(`${typed ? `Which category is "${typed}"? ` : ''}Pick one: recat ${slipId} <category>. ${names}`);
    }
    await this.show(await this.options.service.recategorize(SHELL_TENANT, slipId, this.user, category.id));
  }

  private async due(when: string): Promise<number> {
    const parsed = parseTiming(when);
    if (!parsed.ok) throw new AppError('BAD_INPUT', `${parsed.error}. Try 15m, 1h, 17:30 or tomorrow.`);
    const { playbook } = await this.options.playbooks.current(SHELL_TENANT);
    const now = this.clock();
    const due = dueAt(parsed.timing, {
      now,
      reportedAt: now,
      timezone: playbook.venue.timezone,
      checkoutTime: playbook.venue.checkoutTime,
    });
    if (due === undefined) throw new AppError('BAD_INPUT', 'Give a time for the follow-up, e.g. 15m.');
    return due;
  }

  private async list(): Promise<void> {
    const open = await this.options.slips.list(SHELL_TENANT, { status: 'open' });
    if (open.length === 0) return this.say('No open slips.');
    this.say(
      open
        .map(
          (s) =>
            `#${s.id} ${s.advice.categoryName} · ${s.guestRef?.text ?? 'no guest ref'} · ${s.status} · owner ${s.owner}`,
        )
        .join('\n'),
    );
  }

  private async show(slip: Slip): Promise<void> {
    const { playbook } = await this.options.playbooks.current(slip.tenant);
    const card = buildRecoveryCard(slip, playbook.venue, playbook.categories);
    this.say(renderCardText(card, this.clock(), { showHints: this.options.interactive || isOpen(slip) }));
  }

  /** The terminal obeys escape sequences: nothing a person typed reaches it with one (or a bidi override). */
  private say(text: string): void {
    this.options.output.write(`${plainText(text)}\n`);
  }
}

/** A person named in the terminal ("sam", "@sam"), stored as personFromText stores a typed name. */
function typedPerson(typed: string): { id: string; shown: string } | undefined {
  const name = typed.replace(/^@/, '').trim();
  if (!name) return undefined;
  const id = personFromText(name);
  return { id, shown: id };
}
