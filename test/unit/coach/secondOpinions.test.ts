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
const noise = activeCategories(playbook).find((c) => c.id === 'noise')!;

describe('the praise reading (a happy message with no problem word in it)', () => {
  // the lexicon reads "fan" as praise: 0.68 for a message about a rattling extractor fan
  const fan = read('extractor fan rattling so loud the window tables can hear it, 2 tables commented');

  it('is what the lexicon makes of a message with no problem word the rules know', () => {
    expect(fan.read.sentiment).toBeGreaterThanOrEqual(0.5);
    expect(fan.rules.scores.size).toBe(0);
    expect(fan.rules.upset).toBe(false);
  });

  it('keeps a doubtful model quiet', () => {
    expect(vetoedByRules(noise, fan, 0.7)).toBe(true);
  });

  it('does not overrule a model that is fairly sure', () => {
    expect(vetoedByRules(noise, fan, 0.85)).toBe(false);
  });
});
