import { readFileSync } from 'node:fs';
import { diffPlaybooks } from '../../../src/playbook/diff';
import { defaultPlaybookPath, parsePlaybookYaml } from '../../../src/playbook/load';

const good = readFileSync(defaultPlaybookPath(), 'utf8');

describe('comp approvals in the playbook', () => {
  it('an unanswered request escalates after 5 minutes unless the playbook says otherwise', () => {
    const parsed = parsePlaybookYaml(good);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.playbook.approvals).toEqual({ escalateAfter: 5, requestsIn: 'dm' });
    const custom = parsePlaybookYaml(
      good.replace('escalateAt: high\n', 'escalateAt: high\napprovals:\n  escalateAfter: 2.5\n'),
    );
    if (!custom.ok) throw new Error(JSON.stringify(custom.issues));
    expect(custom.playbook.approvals.escalateAfter).toBe(2.5);
    expect(diffPlaybooks(parsed.playbook, custom.playbook)).toContain(
      'unanswered comp approvals escalate after 5 → 2.5 min',
    );
  });

  it("requests go by DM unless the playbook sends them to the slip's thread; the change is in the history", () => {
    const parsed = parsePlaybookYaml(good);
    const channel = parsePlaybookYaml(
      good.replace('escalateAt: high\n', 'escalateAt: high\napprovals:\n  requestsIn: channel\n'),
    );
    if (!parsed.ok || !channel.ok) throw new Error('the playbooks should parse');
    expect(channel.playbook.approvals).toEqual({ escalateAfter: 5, requestsIn: 'channel' });
    expect(diffPlaybooks(parsed.playbook, channel.playbook)).toContain(
      "comp approval requests go to approvers' DMs → the slip's channel thread",
    );
    const wrong = parsePlaybookYaml(
      good.replace('escalateAt: high\n', 'escalateAt: high\napprovals:\n  requestsIn: everyone\n'),
    );
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.issues.map((i) => i.path)).toContain('approvals.requestsIn');
  });

  it('refuses a time that is not positive, over a day, or an unknown setting, naming the path', () => {
    for (const setting of ['escalateAfter: 0', 'escalateAfter: 2000', 'escalateAfterr: 3']) {
      const parsed = parsePlaybookYaml(
        good.replace('escalateAt: high\n', `escalateAt: high\napprovals:\n  ${setting}\n`),
      );
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.issues.some((i) => i.path.startsWith('approvals'))).toBe(true);
    }
  });
});
