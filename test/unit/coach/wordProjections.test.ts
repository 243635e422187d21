import { readMessage } from '../../../src/coach/messageReading';
import { sharedSlipModel } from '../../../src/coach/modelFiles';
import { Prototypes } from '../../../src/coach/prototypes';
import { RulesDetector } from '../../../src/coach/rulesDetector';
import { sharedTokenizer } from '../../../src/coach/tokenizer';
import { defaultPlaybook } from '../../../src/playbook/load';
import { activeCategories } from '../../../src/playbook/schema';

/**
 * The model's heads and the prototypes read a message's mean word vector word by word, remembering each word's
 * projection (slipModel.ts, prototypes.ts). These hold them to the plain reading of the vector's hundred entries.
 */
describe('reading the mean word vector word by word', () => {
  const model = sharedSlipModel();
  const playbook = defaultPlaybook('mixed');
  const rules = new RulesDetector(playbook);
  const read = (text: string) => readMessage(text, { tokenizer: sharedTokenizer(), rules, vectors: model.vectors });
  const messages = [
    'the lamb at 14 came out grey and chewy, sent back',
    'nobody greeted the four-top by the window for twenty minutes',
    'guest in 305 says the shower drain is backing up again',
    'great job tonight team, zero complaints!',
    'la mesa 6 lleva 40 min esperando la cuenta',
    'soup soup soup cold cold',
  ];

  it.each(messages)('scores every head as the dense entries do: %s', (text) => {
    const features = read(text).features;
    const encoded = model.encode(features);
    expect(encoded.dense?.rows.length).toBeGreaterThan(0);
    // the same message without the words behind its vector: encoded with its hundred dense entries
    const plain = model.encode({ ...features, denseWords: undefined });
    expect(plain.dense).toBeUndefined();
    expect(plain.indices.length).toBeGreaterThan(encoded.indices.length + 90);
    expect(model.slipLogit(encoded)).toBeCloseTo(model.slipLogit(plain), 5);
    expect(model.reviewLikeness(encoded)).toBeCloseTo(model.reviewLikeness(plain), 5);
    const byWords = model.categoryLogits(encoded);
    for (const [id, z] of model.categoryLogits(plain)) expect(byWords.get(id)).toBeCloseTo(z, 5);
  });

  it('gives each category the same similarity to its examples as the message vector does', () => {
    const categories = activeCategories(playbook).filter((c) => !c.fallback);
    const prototypes = Prototypes.of(categories, (text) => read(text).features.dense, model.vectors);
    for (const text of messages) {
      const features = read(text).features;
      for (const category of categories) {
        const byWords = prototypes.evidenceFor(category.id, features);
        const plain = prototypes.evidence(category.id, features.dense);
        expect(byWords.simMax).toBeCloseTo(plain.simMax, 6);
        expect(byWords.simMean).toBeCloseTo(plain.simMean, 6);
      }
    }
  });

  it('forgets what it remembered when a category gains an example', () => {
    const prototypes = new Prototypes(model.vectors);
    // one example far from the message, then a near copy of it
    prototypes.add('lockout', read('the soup came out cold').features.dense);
    const features = read('guest locked out, the card reader on 418 keeps failing').features;
    const before = prototypes.evidenceFor('lockout', features).simMax;
    prototypes.add('lockout', read('guest locked out again, card reader on 418 failing').features.dense);
    const after = prototypes.evidenceFor('lockout', features);
    expect(after.simMax).toBeGreaterThan(before + 0.1);
    expect(after.simMax).toBeCloseTo(prototypes.evidence('lockout', features.dense).simMax, 6);
  });

  it('counts nothing for a message with no known word', () => {
    const prototypes = Prototypes.of(activeCategories(playbook), (text) => read(text).features.dense, model.vectors);
    const features = read('qzxv jjwq').features;
    expect(features.denseWords).toBeUndefined();
    expect(prototypes.evidenceFor('food_quality', features)).toEqual({ simMax: 0, simMean: 0 });
  });
});
