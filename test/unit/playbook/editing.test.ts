import { diffPlaybooks, summarize } from '../../../src/playbook/diff';
import { applySettingsForm, categoryToForm, formToCategory, settingsToForm } from '../../../src/playbook/forms';
import { defaultPlaybook } from '../../../src/playbook/load';
import { PlaybookSchema } from '../../../src/playbook/schema';

const book = defaultPlaybook();
const wrongOrder = book.categories.find((c) => c.id === 'wrong_order')!;

describe('playbook forms', () => {
  it('round-trips a category through its form without losing the fields the form does not show', () => {
    const parsed = formToCategory(categoryToForm(wrongOrder), wrongOrder);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(PlaybookSchema.parse({ ...book, categories: [parsed.category] }).categories[0]).toEqual(wrongOrder);
  });

  it('names the line of a gesture or severity rule it cannot read', () => {
    const form = {
      ...categoryToForm(wrongOrder),
      gestures: 'Dessert | 1 | 8\nSpa day | nine | 200',
      severityRules: 'critical: allergic\nvery bad',
    };
    const parsed = formToCategory(form, wrongOrder);
    expect(parsed).toEqual({
      ok: false,
      errors: { gestures: expect.stringMatching(/^line 2:/), severityRules: expect.stringMatching(/^line 2:/) },
    });
  });

  it('round-trips the settings, and reports a role line it cannot read', () => {
    const same = applySettingsForm(book, settingsToForm(book));
    expect(same.ok && PlaybookSchema.parse(same.playbook)).toEqual(book);
    const bad = applySettingsForm(book, { ...settingsToForm(book), roles: 'server | Server | staff | 1 | fifteen' });
    expect(bad).toEqual({ ok: false, errors: { roles: expect.stringMatching(/^line 1:/) } });
  });
});

describe('playbook diff', () => {
  it('says what changed in a manager’s words', () => {
    const after = structuredClone(book);
    const category = after.categories.find((c) => c.id === 'wrong_order')!;
    category.gestures.push({ label: 'free dessert', tier: 1, cost: 0 });
    category.followUp = '15m after fix';
    after.roles.find((r) => r.id === after.defaultRole)!.compLimit += 5;
    after.venue.name = 'Harbour Kitchen';
    const changes = diffPlaybooks(book, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        "Wrong order: added gesture 'free dessert (tier 1)'",
        'Wrong order: follow-up 10m after fix → 15m after fix',
        expect.stringMatching(/comp limit \d+ → \d+/),
        expect.stringMatching(/^venue name: .* → Harbour Kitchen$/),
      ]),
    );
    expect(changes).toHaveLength(4);
    expect(summarize(changes, 2)).toMatch(/; and 2 more$/);
    expect(diffPlaybooks(book, book)).toEqual([]);
    expect(summarize([])).toBe('No changes');
  });

  it("says when the recovery clock, a category's targets or its privacy change", () => {
    const after = structuredClone(book);
    after.targets = { ...after.targets, acknowledge: 1, bySeverity: after.targets?.bySeverity ?? {} };
    const category = after.categories.find((c) => c.id === 'long_wait')!;
    category.targets = { correct: 4 };
    category.private = true;
    expect(diffPlaybooks(book, after)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clock targets .* → acknowledge 1 · correct \d+ · manager \d+ min$/),
        "Long wait: clock targets the playbook's → correct 4 min",
        'Long wait: private',
      ]),
    );
  });
});
