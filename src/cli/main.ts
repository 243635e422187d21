import { parseArgs } from 'node:util';
import { Coach } from '../coach/coach';
import { AppError } from '../errors';
import { defaultPlaybook, loadPlaybookFile } from '../playbook/load';
import { type Playbook, VENUE_TYPES, type VenueType } from '../playbook/schema';
import { type CommandResult, testPlaybookFile, validatePlaybookFile } from './playbookCommands';
import { assess, assessmentJson, assessmentText, suggestJsonl } from './suggest';

const HELP = `recovery-coach: coach hospitality staff through service recovery.

Commands:
  suggest "<message>"        the recovery card for one message (text, or --json)
  suggest --jsonl            bulk: one {"text": …} JSON object per stdin line, one result per stdout line
  playbook validate <file>   check a playbook file; errors give the YAML path and line
  playbook test <file>       run every category's examples through the detector
  playbook export|import     a workspace's playbook as YAML, from and to Redis (see: recovery-coach playbook --help)
  forget --workspace T --guest "rm 405"   remove a guest's references from the workspace's slips, on request
  model status|retrain --workspace T     what a workspace taught its detector; retrain its layer now
  insights --workspace T [--channel C] [--since 30d] [--format table|csv|json]
                             the workspace's (or one channel's) insights, from its counters
  comps --workspace T [--since 30d] [--format csv|json|table]      every comp given, asked for, approved or declined

Run \`recovery-coach <command> --help\` for a command's options. Start the bot itself with \`npm start\`.`;

const SUGGEST_HELP = `usage: recovery-coach suggest "<message>" [--json] [--playbook file] [--role id] [--venue type]
       recovery-coach suggest --jsonl [--playbook file] [--venue type] < messages.jsonl

  --json           print the result as one JSON object
  --jsonl          bulk mode: stdin lines {"text": "…", "role": "server", …}; stdout lines with is_slip, category,
                   severity, confidence, guest_ref and the other input fields passed through
  --playbook file  a playbook YAML file (default: the built-in default playbook)
  --role id        the reporter's playbook role, for gesture limits (default: the playbook's default role)
  --venue type     restaurant | hotel | retail | mixed, for the default playbook (default: restaurant)

Exit codes: 0 done (a message that is not a slip is not an error), 2 bad usage or unreadable playbook.`;

const PLAYBOOK_HELP = `usage: recovery-coach playbook validate <file>
       recovery-coach playbook test <file>
       recovery-coach playbook export --workspace <T0123|tenant> [--redis url] > playbook.yaml
       recovery-coach playbook import --workspace <T0123|tenant> <file> [--author name] [--redis url]

  validate  exit 0 when valid; else 1 and one line per problem: "line N: path: message"
  test      exit 0 when every example lands in its own category; else 1 and a table of mismatches
  export    the workspace's current playbook version as YAML (Redis: --redis, else REDIS_URL, else 127.0.0.1:6379)
  import    validates the file (exit 1 with line numbers when invalid, nothing saved), then saves it as the next version`;

export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Extra commands that need Redis (playbook export/import, forget), registered by the composition root. */
export type StoreCommand = (args: string[], io: CliIO) => Promise<number>;

export async function runCli(
  argv: string[],
  io: CliIO,
  storeCommands: Record<string, StoreCommand> = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help')
      return print(io, { code: command ? 0 : 2, stdout: `${HELP}\n`, stderr: '' });
    if (command === 'suggest') return await suggest(rest, io);
    if (command === 'playbook') return await playbook(rest, io, storeCommands);
    const extra = storeCommands[command];
    if (extra) return await extra(rest, io);
    return print(io, { code: 2, stdout: '', stderr: `Unknown command "${command}".\n\n${HELP}\n` });
  } catch (error) {
    const message =
      error instanceof AppError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? (error as Error).message
        : (error as Error).stack;
    io.stderr.write(`recovery-coach: ${message}\n`);
    return error instanceof AppError && (error.code === 'REDIS_MISSING' || error.code === 'STORE_UNAVAILABLE') ? 3 : 2;
  }
}

async function suggest(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      playbook: { type: 'string' },
      role: { type: 'string' },
      venue: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return print(io, { code: 0, stdout: `${SUGGEST_HELP}\n`, stderr: '' });
  const book = choosePlaybook(values.playbook, values.venue);
  const coach = new Coach();
  if (values.jsonl) {
    const { errors } = await suggestJsonl(coach, book, io.stdin, io.stdout);
    if (errors > 0) io.stderr.write(`${errors} input line(s) could not be read; see the "error" lines.\n`);
    return 0;
  }
  const text = positionals.join(' ').trim();
  if (!text) return print(io, { code: 2, stdout: '', stderr: `Give the message to assess.\n\n${SUGGEST_HELP}\n` });
  if (values.role && !book.roles.some((r) => r.id === values.role))
    return print(io, {
      code: 2,
      stdout: '',
      stderr: `Unknown role "${values.role}". Roles: ${book.roles.map((r) => r.id).join(', ')}\n`,
    });
  const result = assess(coach, book, text, values.role);
  const out = values.json
    ? `${JSON.stringify(assessmentJson(result), null, 2)}\n`
    : `${assessmentText(result, book)}\n`;
  return print(io, { code: 0, stdout: out, stderr: '' });
}

async function playbook(args: string[], io: CliIO, storeCommands: Record<string, StoreCommand>): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h')
    return print(io, { code: sub ? 0 : 2, stdout: `${PLAYBOOK_HELP}\n`, stderr: '' });
  if (rest.includes('--help') || rest.includes('-h'))
    return print(io, { code: 0, stdout: `${PLAYBOOK_HELP}\n`, stderr: '' });
  if (sub === 'validate' || sub === 'test') {
    const file = rest[0];
    if (!file) return print(io, { code: 2, stdout: '', stderr: `Which file?\n\n${PLAYBOOK_HELP}\n` });
    return print(io, sub === 'validate' ? validatePlaybookFile(file) : testPlaybookFile(file));
  }
  const extra = storeCommands[`playbook ${sub}`];
  if (extra) return extra(rest, io);
  return print(io, { code: 2, stdout: '', stderr: `Unknown playbook command "${sub}".\n\n${PLAYBOOK_HELP}\n` });
}

function choosePlaybook(file: string | undefined, venue: string | undefined): Playbook {
  if (venue && !(VENUE_TYPES as readonly string[]).includes(venue))
    throw new AppError('BAD_INPUT', `Unknown venue type "${venue}": use ${VENUE_TYPES.join(', ')}`);
  if (file) return loadPlaybookFile(file);
  return defaultPlaybook((venue as VenueType | undefined) ?? 'restaurant');
}

function print(io: CliIO, result: CommandResult): number {
  if (result.stdout) io.stdout.write(result.stdout);
  if (result.stderr) io.stderr.write(result.stderr);
  return result.code;
}
