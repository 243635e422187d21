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
  /**
   * `insights [30d] [#channel]` (managers): the figures, the workspace's or one channel's (`channel` as written:
   * Slack's `<#C123|name>`, or `#name`); `insights digest [off|on|monday 09:00]`: the weekly digest.
   */
  | { kind: 'insights'; days: number; channel?: string }
  | { kind: 'digest'; setting: 'show' | 'off' | 'on' | { weekday: number; time: string } }
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
  'insights',
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
    case 'insights':
      return parseInsights(args) ?? { kind: 'report', text };
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

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A channel as typed after `insights`: Slack's escaped `<#C123|name>` (or `<#C123>`), or `#name`. */
const CHANNEL_WORD = /^(<#[A-Z0-9]+(\|[^>]*)?>|#\S+)$/i;

/**
 * `insights`, `insights 30d|4w`, `insights [30d] #channel` (either order), `insights digest [off|on|mon 09:00]`;
 * undefined when it reads as something else.
 */
function parseInsights(args: string): RecoverCommand | undefined {
  const typed = args.split(/\s+/).filter(Boolean);
  if (typed[0]?.toLowerCase() === 'digest') return parseDigest(typed.slice(1).map((w) => w.toLowerCase()));
  return typed.length <= 2 ? parseReport(typed) : undefined;
}

/** `[30d] [#channel]`, in either order; a channel keeps its case (Slack's ids are upper case). */
function parseReport(typed: string[]): RecoverCommand | undefined {
  const channels = typed.filter((w) => CHANNEL_WORD.test(w));
  const periods = typed.filter((w) => !CHANNEL_WORD.test(w));
  if (channels.length > 1 || periods.length > 1) return undefined;
  let days = 30;
  if (periods[0] !== undefined) {
    const period = /^(\d{1,3})([dw])$/i.exec(periods[0]);
    if (!period) return undefined;
    days = Number(period[1]) * (period[2]!.toLowerCase() === 'w' ? 7 : 1);
  }
  if (days < 1 || days > 400) return undefined;
  return { kind: 'insights', days, ...(channels[0] ? { channel: channels[0] } : {}) };
}

/** `digest`, `digest off|on`, `digest monday 09:00` (words lower-cased). */
function parseDigest(words: string[]): RecoverCommand | undefined {
  const [first, time] = words;
  if (!first) return { kind: 'digest', setting: 'show' };
  if ((first === 'off' || first === 'on') && !time) return { kind: 'digest', setting: first };
  const weekday = WEEKDAYS.findIndex((d) => first.length >= 3 && d.startsWith(first)) + 1;
  const clock = time && /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (weekday === 0 || !clock || words.length > 2) return undefined;
  return { kind: 'digest', setting: { weekday, time: `${clock[1]!.padStart(2, '0')}:${clock[2]}` } };
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
