import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, stringify, visit } from 'yaml';
import { AppError } from '../errors';
import { type Playbook, PlaybookSchema, type VenueType } from './schema';

/** One problem in a playbook file, pointing at the YAML path and line a manager can fix. */
export interface PlaybookIssue {
  path: string;
  line: number | undefined;
  message: string;
}

export type PlaybookParse = { ok: true; playbook: Playbook } | { ok: false; issues: PlaybookIssue[] };

/**
 * Largest playbook we accept, so a pasted file cannot exhaust memory: the one limit for files read by the CLI,
 * YAML parsed anywhere and files imported in Slack. The whole default playbook is about a tenth of it.
 */
export const MAX_PLAYBOOK_BYTES = 512 * 1024;

/** The limit as people read it ("512 KB"). */
export const MAX_PLAYBOOK_SIZE = `${MAX_PLAYBOOK_BYTES / 1024} KB`;

/** What to say about a file (or "That file") over the limit. */
export function playbookTooLarge(what: string): string {
  return `${what} is larger than ${MAX_PLAYBOOK_SIZE}; a playbook is far smaller.`;
}

/** Parses and validates playbook YAML; errors name the YAML path and line. Never throws on bad input. */
export function parsePlaybookYaml(text: string): PlaybookParse {
  if (Buffer.byteLength(text, 'utf8') > MAX_PLAYBOOK_BYTES)
    return {
      ok: false,
      issues: [{ path: '(file)', line: undefined, message: `the playbook is larger than ${MAX_PLAYBOOK_SIZE}` }],
    };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => ({
        path: '(yaml)',
        line: lineCounter.linePos(error.pos[0]).line,
        message: error.message.split('\n')[0]!,
      })),
    };
  }
  const data = toData(doc, lineCounter);
  if (!data.ok) return data;
  const result = PlaybookSchema.safeParse(data.value);
  if (result.success) return { ok: true, playbook: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      line: lineOf(doc, lineCounter, issue.path),
      message: issue.message,
    })),
  };
}

/**
 * The document as plain data. Aliases are capped (100 expansions): a "billion laughs" file of nested aliases would
 * otherwise grow to gigabytes. Hitting the cap is an invalid file, reported at its first alias.
 */
function toData(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
): { ok: true; value: unknown } | { ok: false; issues: PlaybookIssue[] } {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = counter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const message = `too many aliases to expand (${(error as Error).message}); write the values out instead`;
    return { ok: false, issues: [{ path: '(yaml)', line, message }] };
  }
}

/** Validates an already-parsed object (e.g. from Redis or a modal) the same way. */
export function parsePlaybookData(data: unknown): PlaybookParse {
  const result = PlaybookSchema.safeParse(data);
  if (result.success) return { ok: true, playbook: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      line: undefined,
      message: issue.message,
    })),
  };
}

export function formatIssues(issues: PlaybookIssue[]): string {
  return issues
    .map((issue) => `${issue.line === undefined ? '' : `line ${issue.line}: `}${issue.path}: ${issue.message}`)
    .join('\n');
}

/**
 * A playbook file's text, read no further than MAX_PLAYBOOK_BYTES: the size is checked before reading, and the
 * read stops past the limit (a device or a pipe has no size). Throws PLAYBOOK_INVALID when too big, BAD_INPUT
 * with one plain sentence when the file cannot be read (a directory opens, and fails at the first read: EISDIR).
 */
export function readPlaybookText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    if (fstatSync(fd).size > MAX_PLAYBOOK_BYTES) throw tooBig(file);
    const bytes = readUpTo(fd, MAX_PLAYBOOK_BYTES + 1);
    if (bytes.length > MAX_PLAYBOOK_BYTES) throw tooBig(file);
    return bytes.toString('utf8');
  } catch (error) {
    throw error instanceof AppError ? error : unreadable(file, error);
  } finally {
    closeSync(fd);
  }
}

/** At most `limit` bytes from the start of an open file, stopping early at its end. */
function readUpTo(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const read = readSync(fd, buffer, length, limit - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function tooBig(file: string): AppError {
  return new AppError('PLAYBOOK_INVALID', playbookTooLarge(file));
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
};

function unreadable(file: string, error: unknown): AppError {
  const code = (error as { code?: string }).code ?? '';
  const reason = REASONS[code] ?? (error as Error).message;
  return new AppError('BAD_INPUT', `Cannot read ${file}: ${reason}.`, { cause: error });
}

/** Reads a playbook file or throws a PLAYBOOK_INVALID error listing every problem. */
export function loadPlaybookFile(file: string): Playbook {
  const text = readPlaybookText(file);
  const parsed = parsePlaybookYaml(text);
  if (!parsed.ok)
    throw new AppError('PLAYBOOK_INVALID', `${file} is not a valid playbook:\n${formatIssues(parsed.issues)}`);
  return parsed.playbook;
}

export function playbookToYaml(playbook: Playbook): string {
  return stringify(playbook, { lineWidth: 120 });
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The line of the deepest YAML node that exists along the issue's path (a missing key points at its parent). */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as Array<string | number>, true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

const DEFAULT_ROLE_FOR: Record<VenueType, string> = {
  restaurant: 'server',
  hotel: 'front_desk',
  retail: 'server',
  mixed: 'server',
};

/** Where the default playbook lives: the package's `playbooks/` folder. */
export function defaultPlaybookPath(): string {
  return require.resolve('../../playbooks/default.yaml');
}

let cachedDefault: Playbook | undefined;

/** The shipped default playbook, tuned for a venue type (its categories and the everyday role). */
export function defaultPlaybook(venueType: VenueType = 'restaurant', timezone?: string): Playbook {
  cachedDefault ??= loadPlaybookFile(defaultPlaybookPath());
  const copy = structuredClone(cachedDefault);
  copy.venue.type = venueType;
  if (timezone) copy.venue.timezone = timezone;
  copy.defaultRole = DEFAULT_ROLE_FOR[venueType];
  return copy;
}
