import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parsePlaybookYaml } from '../../src/playbook/load';
import { cleanEnv, ROOT, runCommand } from '../helpers/processes';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');
const run = (args: string[]) => runCommand(process.execPath, [BIN, ...args], { env: cleanEnv() });

/** "Billion laughs": each line nine aliases of the one before; fully expanded it is 9^8 strings. */
const ALIAS_BOMB = [
  'venue: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefgh'.split('').map((name, i) => {
    const previous = 'abcdefgh'[i];
    return `${name}: &${name} [${new Array(9).fill(`*${previous}`).join(', ')}]`;
  }),
].join('\n');

/** One line of output, no stack trace. */
function oneLine(text: string): string {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text.trim().split('\n')).toHaveLength(1);
  return text.trim();
}

describe('the CLI on hostile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-hostile-'));
  const bomb = join(dir, 'bomb.yaml');
  writeFileSync(bomb, ALIAS_BOMB);

  it('a YAML alias bomb is an invalid playbook with its line, for parsing, validate and import (exit 1)', async () => {
    const parsed = parsePlaybookYaml(ALIAS_BOMB);
    expect(parsed).toEqual({
      ok: false,
      issues: [{ path: '(yaml)', line: 2, message: expect.stringContaining('too many aliases') }],
    });
    const validate = await run(['playbook', 'validate', bomb]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('line 2: (yaml): too many aliases');
    expect(validate.stderr).not.toMatch(/^\s+at /m);
    const imported = await run(['playbook', 'import', '--workspace', 'T1', '--redis', 'redis://127.0.0.1:1', bomb]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('nothing was imported');
    expect(imported.stderr).not.toMatch(/^\s+at /m);
  });

  it('a file with no end (/dev/zero) is refused after 512 KB, not read whole', async () => {
    const result = await run(['playbook', 'validate', '/dev/zero']);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe('/dev/zero is larger than 512 KB; a playbook is far smaller.');
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.yaml'), 'no such file'],
    ['a directory', () => dir, 'it is a directory, not a file'],
  ])('%s is one clear line (exit 2)', async (_name, file, reason) => {
    for (const command of [
      ['playbook', 'validate'],
      ['playbook', 'test'],
      ['suggest', 'T4 cold soup', '--playbook'],
    ]) {
      const result = await run([...command, file()]);
      expect(result.code).toBe(2);
      expect(oneLine(result.stderr)).toContain(`Cannot read ${file()}: ${reason}.`);
    }
  });

  it('a --redis value that is not a Redis URL is one clear line', async () => {
    const result = await run(['playbook', 'export', '--workspace', 'T1', '--redis', 'not a url']);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toContain('is not a Redis URL');
  });
});
