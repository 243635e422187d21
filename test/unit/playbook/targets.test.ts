import { readFileSync } from 'node:fs';
import { defaultPlaybookPath, parsePlaybookYaml } from '../../../src/playbook/load';
import { targetsFor } from '../../../src/playbook/schema';

const good = readFileSync(defaultPlaybookPath(), 'utf8');

describe('recovery clock targets in the playbook', () => {
  it('keeps existing playbooks valid: no targets written means the defaults (2, 6, 10 minutes)', () => {
    const parsed = parsePlaybookYaml(good);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.playbook.targets).toEqual({ acknowledge: 2, correct: 6, manager: 10, bySeverity: {} });
  });

  it('accepts custom targets per playbook, severity and category', () => {
    const yaml = good
      .replace(
        'escalateAt: high\n',
        'escalateAt: high\ntargets:\n  acknowledge: 1.5\n  correct: 5\n  manager: 8\n  bySeverity:\n    high: { acknowledge: 1, correct: 3, manager: 5 }\n',
      )
      .replace(/(\n {2}- id: long_wait\n)/, '$1    targets: { correct: 4 }\n');
    const parsed = parsePlaybookYaml(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(targetsFor(parsed.playbook, 'wrong_order', 'medium')).toEqual({ acknowledge: 1.5, correct: 5, manager: 8 });
    expect(targetsFor(parsed.playbook, 'wrong_order', 'high')).toEqual({ acknowledge: 1, correct: 3, manager: 5 });
    expect(targetsFor(parsed.playbook, 'long_wait', 'medium')).toEqual({ acknowledge: 1.5, correct: 4, manager: 8 });
  });

  it('refuses targets out of order, not positive or unknown, with the path, line and a clear reason', () => {
    const yaml = good.replace('escalateAt: high\n', 'escalateAt: high\ntargets:\n  acknowledge: 8\n  correct: 5\n');
    const parsed = parsePlaybookYaml(yaml);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const issue = parsed.issues.find((i) => i.path === 'targets');
    expect(issue?.message).toBe('acknowledge (8 min) must not come after correct (5 min)');
    expect(issue?.line).toBe(yaml.split('\n').indexOf('  acknowledge: 8') + 1);

    const category = parsePlaybookYaml(good.replace(/(\n {2}- id: long_wait\n)/, '$1    targets: { correct: 20 }\n'));
    expect(category.ok).toBe(false);
    if (category.ok) return;
    expect(category.issues.map((i) => i.message)).toContain(
      'correct (20 min) must not come after manager (10 min) in Long wait',
    );

    const zero = parsePlaybookYaml(
      good.replace('escalateAt: high\n', 'escalateAt: high\ntargets: { manager: 0, acknowlege: 1 }\n'),
    );
    expect(zero.ok).toBe(false);
    if (zero.ok) return;
    expect(zero.issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(
      /targets\.manager: must be more than 0 minutes/,
    );
    expect(zero.issues.map((i) => i.message).join('\n')).toMatch(/acknowlege/);
  });
});
