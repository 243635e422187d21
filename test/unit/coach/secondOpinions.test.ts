import { readMessage } from '../../../src/coach/messageReading';
import { RulesDetector } from '../../../src/coach/rulesDetector';
import { vetoedByRules } from '../../../src/coach/secondOpinions';
import { sharedTokenizer } from '../../../src/coach/tokenizer';
import { defaultPlaybook } from '../../../src/playbook/load';
import { activeCategories } from '../../../src/playbook/schema';

const playbook = defaultPlaybook('restaurant');
const tokenizer = sharedTokenizer();
const rules = new RulesDetector(playbook, { tokenizer });
const read = (text: string) => readMessage(text, { tokenizer, rules });
const foodQuality = activeCategories(playbook).find((c) => c.id === 'food_quality')!;

describe('the praise reading (a happy staff message with no problem word in it)', () => {
  // a model can read this as a likely slip: a guest, a table and "the service" are what slips are made of
  const praise = read('the couple on T6 said the service was lovely and left a big tip');

  it('is what the lexicon makes of praise passed on', () => {
    expect(praise.read.sentiment).toBeGreaterThanOrEqual(0.5);
    expect(praise.rules.scores.size).toBe(0);
    expect(praise.rules.upset).toBe(false);
  });

  it('keeps praise passed on quiet even when the model is fairly sure', () => {
    expect(vetoedByRules(foodQuality, praise, 0.87)).toBe(true);
  });

  it('gives way to a model that is all but certain', () => {
    expect(vetoedByRules(foodQuality, praise, 0.95)).toBe(false);
  });
});
