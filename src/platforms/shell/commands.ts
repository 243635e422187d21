import { parseRecoverCommand, type RecoverCommand } from '../../conversation/commands';
import type { FollowUpOutcome } from '../../slips/slip';

/** What one line typed into the shell chat means. */
export type ShellCommand =
  | { kind: 'message'; text: string }
  /** `/recover …`, `/shifts`, `/handoff`, `/ai`…: the conversation every platform has. */
  | { kind: 'bot'; command: RecoverCommand }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'as'; user: string }
  | { kind: 'list' }
  | { kind: 'show'; slip: string }
  | { kind: 'ack'; slip: string }
  | { kind: 'fix'; slip: string; gesture?: string; cost?: number }
  | { kind: 'connect'; slip: string; note?: string }
  | { kind: 'followup'; slip: string; when: string }
  | { kind: 'done'; slip: string; outcome: FollowUpOutcome }
  | { kind: 'snooze'; slip: string; when: string }
  | { kind: 'escalate'; slip: string; reason?: string }
  | { kind: 'notslip'; slip: string }
  | { kind: 'recat'; slip: string; category: string }
  | { kind: 'close'; slip: string; note?: string }
  | { kind: 'reopen'; slip: string }
  | { kind: 'assign'; slip: string; user: string }
  | { kind: 'error'; message: string };

const STEP =
  /^\/?(ack|acknowledge|fix|correct|connect|followup|follow-up|done|snooze|escalate|notslip|not-a-slip|recat|recategorize|close|reopen|assign|show)\s+#?(\d+)\b\s*(.*)$/i;

const OUTCOMES: Record<string, FollowUpOutcome> = {
  recovered: 'recovered',
  happy: 'recovered',
  ok: 'recovered',
  unhappy: 'not_recovered',
  'not recovered': 'not_recovered',
  'still unhappy': 'not_recovered',
  unreachable: 'unreachable',
  'no answer': 'unreachable',
  gone: 'unreachable',
};

/** The shell's own commands: the steps a Slack or Teams card has as buttons, and the terminal's. */
export const SHELL_STEPS = `You're in #shift-floor. Type what happened, as you would in Slack ("T12 got the wrong steak, guest annoyed").
Steps on a slip (N is the slip number on its card):
  ack N                      acknowledged the guest
  fix N [what you did] [$8]  corrected it, with the gesture and its cost if any
  connect N [note]           checked back / told the next shift
  followup N 15m             schedule the follow-up (15m, 1h, 17:30, tomorrow, tomorrow 11:00)
  done N recovered|unhappy|unreachable   how the follow-up went
  snooze N 15m               move the follow-up
  escalate N [why]           bring in a manager
  notslip N                  not a slip (the card collapses)
  recat N [category]         wrong category: move it (the list, without a category); I learn from it
  close N | reopen N | assign N <name> | show N
The terminal: /list (open slips), /as <name> (type as someone else), /help, /quit.`;

export function parseShellLine(line: string): ShellCommand {
  const text = line.trim();
  if (text === '/help' || text === 'help' || text === '/recover help') return { kind: 'help' };
  if (text === '/quit' || text === '/exit') return { kind: 'quit' };
  if (text === '/list' || text === 'list') return { kind: 'list' };
  const as = text.match(/^\/as\s+(\S+)$/);
  if (as) return { kind: 'as', user: as[1]! };
  const recover = text.match(/^\/recover\b\s*(.*)$/s);
  if (recover) {
    // the terminal has no form: "/recover" alone asks what happened
    const command = parseRecoverCommand(recover[1]!);
    return { kind: 'bot', command: command.kind === 'open_form' ? { kind: 'report', text: '' } : command };
  }
  const word = text.match(/^\/(shifts|handoff|ai|watch|unwatch|role|home|playbook|insights)\b\s*(.*)$/s);
  if (word) return { kind: 'bot', command: parseRecoverCommand(`${word[1]} ${word[2]}`) };
  const step = text.match(STEP);
  if (step) return stepCommand(step[1]!.toLowerCase(), step[2]!, step[3]!.trim());
  if (text.startsWith('/')) return { kind: 'error', message: `I don't know ${text.split(/\s/)[0]}. Type /help.` };
  return { kind: 'message', text };
}

function stepCommand(verb: string, slip: string, rest: string): ShellCommand {
  switch (verb) {
    case 'ack':
    case 'acknowledge':
      return { kind: 'ack', slip };
    case 'fix':
    case 'correct':
      return { kind: 'fix', slip, ...parseGesture(rest) };
    case 'connect':
      return { kind: 'connect', slip, ...(rest ? { note: rest } : {}) };
    case 'followup':
    case 'follow-up':
      return rest
        ? { kind: 'followup', slip, when: rest }
        : { kind: 'error', message: `When? e.g. followup ${slip} 15m` };
    case 'snooze':
      return { kind: 'snooze', slip, when: rest || '15m' };
    case 'done': {
      const outcome = OUTCOMES[rest.toLowerCase() || 'recovered'];
      return outcome
        ? { kind: 'done', slip, outcome }
        : { kind: 'error', message: `How did it go? done ${slip} recovered | unhappy | unreachable` };
    }
    case 'escalate':
      return { kind: 'escalate', slip, ...(rest ? { reason: rest } : {}) };
    case 'notslip':
    case 'not-a-slip':
      return { kind: 'notslip', slip };
    case 'recat':
    case 'recategorize':
      return { kind: 'recat', slip, category: rest };
    case 'close':
      return { kind: 'close', slip, ...(rest ? { note: rest } : {}) };
    case 'reopen':
      return { kind: 'reopen', slip };
    case 'assign':
      return rest
        ? { kind: 'assign', slip, user: rest.split(/\s+/)[0]! }
        : { kind: 'error', message: `To whom? assign ${slip} <name>` };
    default:
      return { kind: 'show', slip };
  }
}

/** "comped dessert $8" → gesture "comped dessert", cost 8. */
export function parseGesture(text: string): { gesture?: string; cost?: number } {
  const money = text.match(
    /(?:^|\s)(?:\$|€|£)\s?(\d+(?:\.\d{1,2})?)\b|(?:^|\s)(\d+(?:\.\d{1,2})?)\s?(?:dollars|usd|eur|gbp|euros|pounds)\b/i,
  );
  const cost = money ? Number(money[1] ?? money[2]) : undefined;
  const gesture = (money ? text.replace(money[0], ' ') : text).replace(/\s+/g, ' ').trim();
  return { ...(gesture ? { gesture } : {}), ...(cost !== undefined ? { cost } : {}) };
}
