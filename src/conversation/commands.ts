/** What `/recover …` (Slack) or `recover …` (Teams) asks for. Platform-neutral; mentions stay as written. */
export type RecoverCommand =
  | { kind: 'open_form' }
  | { kind: 'help' }
  | { kind: 'watch' }
  | { kind: 'unwatch' }
  | { kind: 'role'; user: string; role: string | undefined }
  | { kind: 'shifts'; args: string }
  | { kind: 'handoff' }
  | { kind: 'playbook' }
  | { kind: 'home' }
  /** `ai`, `ai on`, `ai off`: the workspace's model switch. */
  | { kind: 'model'; setting: 'on' | 'off' | undefined }
  | { kind: 'report'; text: string }
  /** `capture` (which emoji logs a message as a slip) and `capture :emoji:` (managers: set it). */
  | { kind: 'capture'; emoji: string | undefined }
  | { kind: 'unknown'; word: string };

const SUBCOMMANDS = new Set([
  'help',
  'watch',
  'unwatch',
  'role',
  'shifts',
  'handoff',
  'ai',
  'playbook',
  'home',
  'capture',
]);

/** Words that look like a mistyped subcommand rather than a guest slip ("/recover wacth"). */
function looksLikeCommand(text: string): boolean {
  return /^[a-z-]{2,12}$/i.test(text) && !SUBCOMMANDS.has(text.toLowerCase());
}

export function parseRecoverCommand(input: string): RecoverCommand {
  const text = input.trim();
  if (text === '') return { kind: 'open_form' };
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const args = rest.join(' ');
  switch (word) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'watch':
      return args ? { kind: 'report', text } : { kind: 'watch' };
    case 'unwatch':
      return args ? { kind: 'report', text } : { kind: 'unwatch' };
    case 'handoff':
      return { kind: 'handoff' };
    case 'playbook':
      return args ? { kind: 'report', text } : { kind: 'playbook' };
    case 'home':
      return args ? { kind: 'report', text } : { kind: 'home' };
    case 'shifts':
      return { kind: 'shifts', args };
    case 'ai': {
      const setting = args.toLowerCase();
      if (setting === '') return { kind: 'model', setting: undefined };
      return setting === 'on' || setting === 'off' ? { kind: 'model', setting } : { kind: 'report', text };
    }
    case 'capture':
      return rest.length <= 1 ? { kind: 'capture', emoji: rest[0] } : { kind: 'report', text };
    case 'role': {
      const [user, role] = rest;
      if (!user) return { kind: 'unknown', word: 'role' };
      return {
        kind: 'role',
        user,
        role: role === undefined || /^(staff|none|revoke|default)$/i.test(role) ? undefined : role.toLowerCase(),
      };
    }
    default:
      return rest.length === 0 && looksLikeCommand(first) ? { kind: 'unknown', word: first } : { kind: 'report', text };
  }
}

export type MessageToBot = { kind: 'command'; command: RecoverCommand } | { kind: 'message'; text: string };

/** The words that start a command when someone writes to the bot (a Teams chat or @mention). */
const COMMAND_WORDS = new Set([...SUBCOMMANDS, '?']);

/**
 * A message to the bot: "recover …" (or "/recover …") and the command words are commands; anything else is a
 * message that may describe a slip.
 */
export function parseMessageToBot(text: string): MessageToBot {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/)[0]?.toLowerCase() ?? '';
  const explicit = first === 'recover' || first === '/recover';
  if (!explicit && !COMMAND_WORDS.has(first)) return { kind: 'message', text: trimmed };
  const rest = explicit ? trimmed.slice(first.length).trim() : trimmed;
  const command = parseRecoverCommand(rest);
  // "recover" alone in a chat has no form to open: it asks what to do
  return { kind: 'command', command: command.kind === 'open_form' ? { kind: 'help' } : command };
}
