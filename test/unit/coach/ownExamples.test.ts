import { OWN_EXAMPLES } from '../../../src/coach/training/ownExamples';
import { defaultPlaybook } from '../../../src/playbook/load';
import { activeCategories } from '../../../src/playbook/schema';

/**
 * The project's written training examples: a typo in a category id would silently teach nothing (training skips
 * labels it does not know), and a repeated message would count twice.
 */
describe('the written training examples', () => {
  const ids = new Set(activeCategories(defaultPlaybook('mixed')).map((c) => c.id));

  it('name only categories the default playbook has, with a severity exactly when they are slips', () => {
    const wrong = OWN_EXAMPLES.filter(
      ([text, category, severity]) =>
        text.trim() === '' || (category !== null && !ids.has(category)) || (category === null) !== (severity === null),
    );
    expect(wrong).toEqual([]);
  });

  it('say each message once', () => {
    const texts = OWN_EXAMPLES.map(([text]) => text.toLowerCase().replace(/\s+/g, ' ').trim());
    expect(texts.length - new Set(texts).size).toBe(0);
  });

  it('teach every category, and quiet messages as well as slips', () => {
    const taught = new Set(OWN_EXAMPLES.map(([, category]) => category));
    for (const id of ids) expect(taught).toContain(id);
    const quiet = OWN_EXAMPLES.filter(([, category]) => category === null).length;
    expect(quiet / OWN_EXAMPLES.length).toBeGreaterThan(0.25);
  });
});
