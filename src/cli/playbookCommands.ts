import { Detector } from '../coach/detector';
import { AppError } from '../errors';
import { formatIssues, parsePlaybookYaml, readPlaybookText } from '../playbook/load';
import { activeCategories, type Playbook } from '../playbook/schema';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `playbook validate <file>`: zod errors with YAML paths and line numbers; exit 1 when invalid. */
export function validatePlaybookFile(file: string): CommandResult {
  const parsed = parseFile(file);
  if ('code' in parsed) return parsed;
  if (!parsed.ok)
    return { code: 1, stdout: '', stderr: `${file} is not a valid playbook:\n${formatIssues(parsed.issues)}\n` };
  const p = parsed.playbook;
  const active = activeCategories(p);
  return {
    code: 0,
    stdout: `${file} is valid: ${p.venue.name} (${p.venue.type}), ${active.length} active categories, ${p.roles.length} roles.\n`,
    stderr: '',
  };
}

export interface ExampleMismatch {
  category: string;
  example: string;
  got: string;
}

/** Every active category's examples must land in that category. */
export function exampleMismatches(playbook: Playbook): ExampleMismatch[] {
  const detector = new Detector(playbook, { examplesAreKnown: false });
  const mismatches: ExampleMismatch[] = [];
  for (const category of activeCategories(playbook)) {
    for (const example of category.examples) {
      const result = detector.detect(example);
      const got = result.isSlip ? result.categoryId! : '(not a slip)';
      if (got !== category.id) mismatches.push({ category: category.id, example, got });
    }
  }
  return mismatches;
}

/** `playbook test <file>`: runs every example through the detector; a table of mismatches, exit 1 on any. */
export function testPlaybookFile(file: string): CommandResult {
  const parsed = parseFile(file);
  if ('code' in parsed) return parsed;
  if (!parsed.ok)
    return { code: 1, stdout: '', stderr: `${file} is not a valid playbook:\n${formatIssues(parsed.issues)}\n` };
  const total = activeCategories(parsed.playbook).reduce((n, c) => n + c.examples.length, 0);
  const mismatches = exampleMismatches(parsed.playbook);
  if (mismatches.length === 0)
    return { code: 0, stdout: `All ${total} examples land in their own category.\n`, stderr: '' };
  return {
    code: 1,
    stdout: table(mismatches),
    stderr: `${mismatches.length} of ${total} examples landed elsewhere.\n`,
  };
}

function table(rows: ExampleMismatch[]): string {
  const width = Math.max(8, ...rows.map((r) => r.category.length));
  const gotWidth = Math.max(3, ...rows.map((r) => r.got.length));
  const line = (a: string, b: string, c: string) => `${a.padEnd(width)}  ${b.padEnd(gotWidth)}  ${c}\n`;
  return line('category', 'got', 'example') + rows.map((r) => line(r.category, r.got, r.example)).join('');
}

/** The parsed file, or the one line to print: exit 1 for a file too big to be a playbook, 2 for an unreadable one. */
function parseFile(file: string): ReturnType<typeof parsePlaybookYaml> | CommandResult {
  try {
    return parsePlaybookYaml(readPlaybookText(file));
  } catch (error) {
    const code = error instanceof AppError && error.code === 'PLAYBOOK_INVALID' ? 1 : 2;
    return { code, stdout: '', stderr: `${(error as Error).message}\n` };
  }
}
