import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../../src/coach/detector';
import { loadSlipModel, MODEL_DIR, MODEL_FILE, VECTORS_FILE, WEIGHTS_FILE } from '../../../src/coach/modelFiles';
import { SlipModel } from '../../../src/coach/slipModel';
import { defaultPlaybook } from '../../../src/playbook/load';

describe('the shipped detector model', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-model-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('loads, with its vectors, and reads a message', () => {
    const model = loadSlipModel();
    expect(model.version).toMatch(/^1\.[0-9a-f]{10}$/);
    expect(model.vectors.size).toBeGreaterThan(40_000);
    expect(model.categories).toContain('safety');
    const detection = new Detector(defaultPlaybook('restaurant'), { model }).detect(
      'T12 got the wrong steak, guest annoyed',
    );
    expect(detection).toMatchObject({ isSlip: true, categoryId: 'wrong_order' });
  });

  it("lets the reviews' category head share probability only among the categories a review's aspects name", () => {
    const model = loadSlipModel();
    const { category: _reviewHead, categoryWithin, ...rest } = model.file.review!;
    expect(categoryWithin).toContain('food_quality');
    expect(categoryWithin).not.toContain('safety');
    expect(categoryWithin).not.toContain('lost_property');
    const withoutHead = new SlipModel({ ...model.file, review: rest }, model.vectors);
    const encoded = new Detector(defaultPlaybook('restaurant'), { model }).baseReading(
      'There was a piece of glass in my smoothie. An actual shard of glass, and the waiter just shrugged.',
    ).encoded;
    expect(model.reviewLikeness(encoded)).toBeGreaterThan(0.5);
    const probabilities = (logits: Map<string, number>) => {
      const top = Math.max(...logits.values());
      const total = [...logits.values()].reduce((sum, z) => sum + Math.exp(z - top), 0);
      return new Map([...logits].map(([id, z]) => [id, Math.exp(z - top) / total]));
    };
    const after = probabilities(model.categoryLogits(encoded));
    const before = probabilities(withoutHead.categoryLogits(encoded));
    // the head moves the review categories among themselves, and leaves safety and lost property exactly as they were
    expect(Math.abs(after.get('food_quality')! - before.get('food_quality')!)).toBeGreaterThan(0.01);
    for (const id of ['safety', 'lost_property']) expect(after.get(id)).toBeCloseTo(before.get(id)!, 9);
  });

  it('refuses a missing model file with a message that says how to rebuild it', () => {
    const dir = scratch();
    copyFileSync(join(MODEL_DIR, VECTORS_FILE), join(dir, VECTORS_FILE));
    expect(() => loadSlipModel(dir)).toThrow(
      expect.objectContaining({ code: 'MODEL_MISSING', message: expect.stringContaining('npm run train') }),
    );
  });

  it.each([
    ['not JSON', '{"format": "slip-model/1", '],
    ['another format', '{"format": "slip-model/9"}'],
    [
      'weights that do not fit',
      JSON.stringify({
        format: 'slip-model/1',
        version: '1',
        seed: 1,
        features: ['w:a'],
        dimensions: 100,
        threshold: 0.5,
        slip: { classes: ['a', 'b'], bias: '', weights: '' },
        category: { classes: ['a', 'b'], bias: '', weights: '', generic: { rule: 0, simMax: 0, simMean: 0, bias: 0 } },
        severity: { classes: ['low', 'medium', 'high', 'critical'], bias: '', weights: '' },
        trainedOn: {},
      }),
    ],
  ])('refuses a damaged model file (%s) with a clear message', (_what, content) => {
    const dir = scratch();
    copyFileSync(join(MODEL_DIR, VECTORS_FILE), join(dir, VECTORS_FILE));
    copyFileSync(join(MODEL_DIR, WEIGHTS_FILE), join(dir, WEIGHTS_FILE));
    writeFileSync(join(dir, MODEL_FILE), content);
    expect(() => loadSlipModel(dir)).toThrow(
      expect.objectContaining({ code: 'MODEL_CORRUPT', message: expect.stringContaining('npm run train') }),
    );
  });

  it.each([
    ['missing', undefined],
    ['cut short', 1000],
    ['not whole floats', 4097],
  ])('refuses a weights file that is %s', (_what, keep) => {
    const dir = scratch();
    copyFileSync(join(MODEL_DIR, MODEL_FILE), join(dir, MODEL_FILE));
    copyFileSync(join(MODEL_DIR, VECTORS_FILE), join(dir, VECTORS_FILE));
    if (keep !== undefined)
      writeFileSync(join(dir, WEIGHTS_FILE), readFileSync(join(MODEL_DIR, WEIGHTS_FILE)).subarray(0, keep));
    expect(() => loadSlipModel(dir)).toThrow(
      expect.objectContaining({
        code: keep === undefined ? 'MODEL_MISSING' : 'MODEL_CORRUPT',
        message: expect.stringContaining('npm run train'),
      }),
    );
  });

  it('refuses damaged word vectors', () => {
    const dir = scratch();
    copyFileSync(join(MODEL_DIR, MODEL_FILE), join(dir, MODEL_FILE));
    copyFileSync(join(MODEL_DIR, WEIGHTS_FILE), join(dir, WEIGHTS_FILE));
    writeFileSync(join(dir, VECTORS_FILE), '{"format":"word-vectors/1","dimensions":100,"words":["a"]}\nshort');
    expect(() => loadSlipModel(dir)).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
  });
});
