import { createInterface } from 'node:readline';
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
import { parseShellLine, SHELL_HELP, type ShellCommand } from './commands';
import { renderCardText } from './render';

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
  /** The handoff summary text for the shift so far (wired when shift handoffs are configured). */
  handoff?: () => Promise<string>;
  /** Sets (or, with no words, describes) the chat's shift changes. */
  shifts?: (args: string, user: string) => Promise<string>;
}

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
      const command = parseShellLine(line);
      if (command.kind === 'quit') break;
      await this.handleSafely(command, line);
      if (interactive) {
        lines.setPrompt(`${this.user}> `);
        lines.prompt();
      }
    }
    lines.close();
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
      case 'recover':
        return this.report(command.text, command.kind === 'recover');
      case 'help':
        return this.say(SHELL_HELP);
      case 'as':
        // a typed name is who the slips are stored under: never an address or a card in a Redis key
        this.user = personFromText(command.user);
        return this.say(`Now typing as ${this.user}.`);
      case 'list':
        return this.list();
      case 'handoff':
        return this.say(this.options.handoff ? await this.options.handoff() : 'Shift handoffs are not set up here.');
      case 'shifts':
        return this.say(
          this.options.shifts
            ? await this.options.shifts(command.args, this.user)
            : 'Shift handoffs are not set up here.',
        );
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

  private async report(text: string, force: boolean): Promise<void> {
    this.sequence += 1;
    const messageRef = `${this.clock()}.${this.sequence}`;
    const message = {
      tenant: SHELL_TENANT,
      platform: 'shell' as const,
      channel: SHELL_CHANNEL,
      messageRef,
      user: this.user,
      text,
    };
    const result = force
      ? await this.options.service.report(message, { force: true })
      : await this.options.service.onChannelMessage(message);
    if (result.kind === 'reported') return this.show(result.slip);
    if (result.reason === 'empty') return;
    // ordinary chatter gets no reply, exactly as in a Slack channel
  }

  private async step(command: ShellCommand, line: string): Promise<void> {
    if (!('slip' in command)) return;
    // "close 2 tables on patio" is chatter unless slip #2 exists
    const exists = await this.options.slips.get(SHELL_TENANT, command.slip);
    if (!exists && !line.trim().startsWith('/')) return this.report(line, false);
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
