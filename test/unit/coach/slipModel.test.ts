import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Detector } from '../../../src/coach/detector';
import { loadSlipModel, MODEL_DIR, MODEL_FILE, VECTORS_FILE, WEIGHTS_FILE } from '../../../src/coach/modelFiles';
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
