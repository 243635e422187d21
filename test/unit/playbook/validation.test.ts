import { readFileSync } from 'node:fs';
import { defaultPlaybook, defaultPlaybookPath, parsePlaybookYaml } from '../../../src/playbook/load';

const good = readFileSync(defaultPlaybookPath(), 'utf8');

describe('playbook validation', () => {
  it('accepts the shipped default with 12+ categories and the roles of the empowerment ladder', () => {
    const parsed = parsePlaybookYaml(good);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.playbook.categories.filter((c) => !c.fallback).length).toBeGreaterThanOrEqual(12);
    expect(parsed.playbook.roles.map((r) => [r.id, r.tier, r.compLimit])).toEqual(
      expect.arrayContaining([
        ['server', 1, 15],
        ['shift_lead', 2, 60],
        ['manager', 3, 500],
      ]),
    );
  });

  it('reports a zod error with its YAML path and line number', () => {
    const broken = good.replace('    name: Long wait\n', '    name: ""\n');
    const parsed = parsePlaybookYaml(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const issue = parsed.issues.find((i) => i.path === 'categories[2].name');
    expect(issue).toBeDefined();
    const line = broken.split('\n').indexOf('    name: ""') + 1;
    expect(issue!.line).toBe(line);
  });

  it('reports YAML syntax errors with a line', () => {
    const parsed = parsePlaybookYaml('schema: 1\nroles: [\n  - id: x\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.line).toBeGreaterThan(0);
  });

  it('refuses gestures on manager-owned procedures, duplicate ids, unknown default role and bad timings', () => {
    const parsed = parsePlaybookYaml(
      good
        .replace(
          '    gestures: []\n    followUp: next day 10:00\n    checklist:\n      - "Guest\'s health first',
          '    gestures: [{ label: "Free meal", tier: 1 }]\n    followUp: next day 10:00\n    checklist:\n      - "Guest\'s health first',
        )
        .replace('  - id: noise\n', '  - id: billing\n')
        .replace('defaultRole: server', 'defaultRole: busser')
        .replace('followUp: 10m after fix', 'followUp: whenever'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(messages).toMatch(/manager-owned procedures never suggest a gesture/);
    expect(messages).toMatch(/duplicate category id "billing"/);
    expect(messages).toMatch(/defaultRole: no role with id "busser"/);
    expect(messages).toMatch(/followUp: use e\.g\./);
  });

  it('refuses huge files and empty documents with a clear message', () => {
    expect(parsePlaybookYaml('x'.repeat(600 * 1024))).toMatchObject({ ok: false });
    const empty = parsePlaybookYaml('');
    expect(empty.ok).toBe(false);
  });

  it('tunes the default for the venue type', () => {
    expect(defaultPlaybook('hotel').defaultRole).toBe('front_desk');
    expect(defaultPlaybook('retail').venue.type).toBe('retail');
    expect(defaultPlaybook('restaurant', 'America/Chicago').venue.timezone).toBe('America/Chicago');
  });
});
