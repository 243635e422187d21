import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSlipModel, MODEL_DIR, MODEL_FILE, VECTORS_FILE, WEIGHTS_FILE } from '../../../src/coach/modelFiles';
import { NgramView, viewGrams } from '../../../src/coach/ngramView';
import { trainNgramView } from '../../../src/coach/training/trainNgramView';

/** The view's scores the slow, plain way: name every feature, weigh it (1 + ln count) × idf, scale, multiply. */
function reference(view: NgramView, text: string): number[] {
  const { features, idf, category } = view.file;
  const index = new Map(features.map((name, i) => [name, i]));
  const known = [...viewGrams(text)].flatMap(([name, count]) => {
    const row = index.get(name);
    return row === undefined ? [] : [{ row, letters: name.startsWith('c:'), value: (1 + Math.log(count)) * idf[row]! }];
  });
  const norm = (letters: boolean) =>
    Math.sqrt(known.filter((f) => f.letters === letters).reduce((sum, f) => sum + f.value * f.value, 0)) || 1;
  const scale = { words: norm(false), letters: norm(true) };
  const K = category.classes.length;
  const z = Array.from(category.bias);
  for (const f of known) {
    const x = f.value / (f.letters ? scale.letters : scale.words);
    for (let k = 0; k < K; k++) z[k]! += category.weights[f.row * K + k]! * x;
  }
  return z;
}

describe('the n-gram view (a second opinion on the category)', () => {
  const training = [
    { text: 'T4 soup came out cold and bland', isSlip: true, category: 'food' },
    { text: 'the fries were soggy and cold again', isSlip: true, category: 'food' },
    { text: 'steak was tough and overcooked, sent back', isSlip: true, category: 'food' },
    { text: 'guest charged twice for the same bottle', isSlip: true, category: 'billing' },
    { text: 'bill had a dessert they never ordered on it', isSlip: true, category: 'billing' },
    { text: 'card was charged the wrong amount at checkout', isSlip: true, category: 'billing' },
  ];
  const view = new NgramView(trainNgramView(training, ['food', 'billing'], { seed: 3 }));

  it('learns what its examples are about and reads a new message by its letters, not only its words', () => {
    const scores = (text: string) => {
      const z = view.categoryLogits(text);
      return Object.fromEntries(view.classes.map((id, k) => [id, z[k]!]));
    };
    const soup = scores('the chowder was cold');
    expect(soup.food).toBeGreaterThan(soup.billing!);
    const bill = scores('they were overcharged on the bill');
    expect(bill.billing).toBeGreaterThan(bill.food!);
  });

  it.each([
    'T4 soup came out cold and bland',
    'cold cold cold cold, the soup, the soup!',
    'Guest at T9: “charged twice” — ¿otra vez? 🙃',
    '',
    `${'x'.repeat(40)} a word too long for letters, then cold soup`,
  ])('scores %p exactly as naming, weighing and multiplying every feature does', (text) => {
    const fast = Array.from(view.categoryLogits(text));
    reference(view, text).forEach((z, k) => {
      expect(fast[k]).toBeCloseTo(z, 5);
    });
    // its scratch space is clean after every message: the same text scores the same twice
    expect(Array.from(view.categoryLogits(text))).toEqual(fast);
  });

  it('ships inside the model file and agrees with the plain reading there too', () => {
    const shipped = loadSlipModel().view!;
    expect(shipped.classes).toContain('safety');
    const text = 'the cobb salad went out with brown wilted lettuce, guest sent it back';
    const fast = Array.from(shipped.categoryLogits(text));
    reference(shipped, text).forEach((z, k) => {
      expect(fast[k]).toBeCloseTo(z, 4);
    });
  });

  it('refuses a model file whose view does not fit its weights, with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-view-'));
    try {
      copyFileSync(join(MODEL_DIR, VECTORS_FILE), join(dir, VECTORS_FILE));
      copyFileSync(join(MODEL_DIR, WEIGHTS_FILE), join(dir, WEIGHTS_FILE));
      const file = JSON.parse(readFileSync(join(MODEL_DIR, MODEL_FILE), 'utf8'));
      file.view.features = file.view.features.slice(1);
      writeFileSync(join(dir, MODEL_FILE), JSON.stringify(file));
      expect(() => loadSlipModel(dir)).toThrow(
        expect.objectContaining({ code: 'MODEL_CORRUPT', message: expect.stringContaining('npm run train') }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('its slip head', () => {
    const quiet = [
      'staff meeting at 3, bring your aprons',
      'new menus arrive tomorrow, recycle the old ones',
      'who can cover my saturday shift',
      'walk-in restocked and the floors mopped',
    ].map((text) => ({ text, isSlip: false }));
    const both = new NgramView(trainNgramView([...training, ...quiet], ['food', 'billing'], { seed: 3, slip: true }));

    it('learns a slip from a message that is none, from every message it is given', () => {
      expect(both.slipLogit('the chowder came out cold, guest sent it back')!).toBeGreaterThan(0);
      expect(both.slipLogit('meeting moved to 4, bring the new menus')!).toBeLessThan(0);
    });

    it('is absent from a view trained for the category alone, and the detector then reads the model alone', () => {
      expect(view.slipLogit('the chowder came out cold')).toBeUndefined();
    });

    it('ships in the model file, and a quiet message and a slip land on the right sides', () => {
      const shipped = loadSlipModel().view!;
      expect(shipped.slipLogit('T12 got the wrong steak, guest annoyed')!).toBeGreaterThan(0);
      expect(shipped.slipLogit('reminder: staff meal at 4, then pre-shift at 4:30')!).toBeLessThan(0);
    });
  });
});
