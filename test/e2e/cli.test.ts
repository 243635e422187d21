import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultPlaybookPath } from '../../src/playbook/load';
import { ROOT, runCommand } from '../helpers/processes';

const BIN = resolve(ROOT, 'bin/recovery-coach.js');
const run = (args: string[], stdin?: string) => runCommand(process.execPath, [BIN, ...args], { stdin });

describe('the recovery-coach CLI', () => {
  it('suggest prints the card as text, and as JSON with --json', async () => {
    const text = await run(['suggest', 'T12 got the wrong steak, guest annoyed']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Suggested recovery · Wrong order · T12 · Medium');
    const json = await run(['suggest', '--json', '--role', 'shift_lead', 'rm 405 no hot water, guest upset']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ is_slip: true, category: 'room_problem', guest_ref: 'rm 405' });
    expect(parsed.gestures).toContain('Late checkout');
    const quiet = await run(['suggest', '--json', "who's closing bar?"]);
    expect(JSON.parse(quiet.stdout)).toMatchObject({ is_slip: false, category: null });
  });

  it('suggest --jsonl answers every line in order, passing other fields through', async () => {
    const lines = [
      JSON.stringify({ text: 'T4 waited 45 min for mains', id: 1, shift: 'pm' }),
      'not json',
      JSON.stringify({ text: 'great job tonight team', id: 2 }),
      JSON.stringify({ nope: true }),
    ];
    const result = await run(['suggest', '--jsonl'], `${lines.join('\n')}\n`);
    expect(result.code).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toEqual([
      {
        id: 1,
        shift: 'pm',
        is_slip: true,
        category: 'long_wait',
        severity: expect.stringMatching(/^(medium|high)$/),
        confidence: expect.any(Number),
        guest_ref: 'T4',
      },
      { error: 'line 2: not valid JSON' },
      { id: 2, is_slip: false, category: null, severity: null, confidence: expect.any(Number), guest_ref: null },
      { error: 'line 4: expected an object with a "text" string' },
    ]);
    expect(out[2].confidence).toBeLessThan(0.1);
    expect(result.stderr).toContain('2 input line(s) could not be read');
  });

  it('playbook validate and test: exit codes and line numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-cli-'));
    const good = readFileSync(defaultPlaybookPath(), 'utf8');
    expect((await run(['playbook', 'validate', defaultPlaybookPath()])).code).toBe(0);
    expect((await run(['playbook', 'test', defaultPlaybookPath()])).stdout).toMatch(/All \d+ examples land/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, good.replace('escalateAt: high', 'escalateAt: sometimes'));
    const invalid = await run(['playbook', 'validate', bad]);
    expect(invalid.code).toBe(1);
    const line = good.split('\n').indexOf('escalateAt: high') + 1;
    expect(invalid.stderr).toContain(`line ${line}: escalateAt:`);
    const drifting = join(dir, 'drift.yaml');
    writeFileSync(
      drifting,
      good.replace('- "T12 got the wrong steak, guest annoyed"', '- "who is closing the bar tonight"'),
    );
    const tested = await run(['playbook', 'test', drifting]);
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(/wrong_order\s+\(not a slip\)\s+who is closing the bar tonight/);
  });

  it('has help on every command and clear usage errors', async () => {
    for (const args of [['--help'], ['suggest', '--help'], ['playbook', '--help']]) {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/usage|Commands/);
    }
    expect((await run(['suggest'])).code).toBe(2);
    expect((await run(['suggest', '--role', 'ceo', 'x'])).stderr).toContain('Unknown role "ceo"');
    expect((await run(['nope'])).code).toBe(2);
    expect((await run(['playbook', 'validate', '/no/such/file'])).stderr).toContain('Cannot read /no/such/file');
  });
});
