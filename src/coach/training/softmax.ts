/**
 * Multinomial logistic regression on sparse features, trained by seeded stochastic gradient descent with L2. Small
 * and dependency-free so the same code trains the shipped model (`npm run train`) and each venue's layer (in the
 * worker). `offset` lets a layer learn only what a venue adds to the shipped model's scores.
 */
export interface TrainingExample {
  indices: Int32Array;
  values: Float32Array;
  label: number;
  /** A partial label: the answer is one of these classes (which one is not known); `label` is then ignored. */
  accept?: Int32Array;
  /** How much this example counts. @defaultValue 1 */
  weight?: number;
  /** Scores already given by another model (one per class); the trained weights add to them. */
  offset?: Float32Array;
}

export interface LinearModel {
  classes: number;
  features: number;
  /** Row-major: feature f, class k at `f * classes + k`. */
  weights: Float32Array<ArrayBuffer>;
  bias: Float32Array<ArrayBuffer>;
}

export interface TrainOptions {
  classes: number;
  features: number;
  /** L2 strength per example. @defaultValue 1e-4 */
  l2?: number;
  /** @defaultValue 12 */
  epochs?: number;
  /** @defaultValue 0.1 */
  learningRate?: number;
  /** Order of examples per epoch. @defaultValue 1 */
  seed?: number;
  /** Learn a bias per class. @defaultValue true */
  fitBias?: boolean;
}

export function trainSoftmax(examples: TrainingExample[], options: TrainOptions): LinearModel {
  const K = options.classes;
  const l2 = options.l2 ?? 1e-4;
  const epochs = options.epochs ?? 12;
  const rate0 = options.learningRate ?? 0.1;
  const fitBias = options.fitBias ?? true;
  const v = new Float32Array(options.features * K);
  const bias = new Float32Array(K);
  const random = mulberry32(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  // w = scale * v: L2 decay shrinks every weight each step without touching them all
  const state = { v, bias, scale: 1, z: new Float64Array(K) };
  let step = 0;
  const total = Math.max(1, epochs * examples.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) sgdStep(state, examples[i]!, { rate: rate0 / (1 + (4 * step++) / total), l2, fitBias });
  }
  const scale = state.scale;
  for (let j = 0; j < v.length; j++) v[j]! *= scale;
  return { classes: K, features: options.features, weights: v, bias };
}

interface SgdState {
  v: Float32Array;
  bias: Float32Array;
  scale: number;
  z: Float64Array;
}

/** One stochastic gradient step on one example, with the L2 decay folded into the shared scale. */
function sgdStep(
  state: SgdState,
  example: TrainingExample,
  step: { rate: number; l2: number; fitBias: boolean },
): void {
  const { v, bias, z } = state;
  const K = z.length;
  logits(example, v, bias, state.scale, K, z);
  softmaxInPlace(z);
  const weight = example.weight ?? 1;
  state.scale *= 1 - step.rate * step.l2;
  if (state.scale < 1e-6) {
    for (let j = 0; j < v.length; j++) v[j]! *= state.scale;
    state.scale = 1;
  }
  // with a partial label the target is the model's own belief spread over the accepted classes
  let accepted = 1;
  if (example.accept) {
    accepted = 0;
    for (const k of example.accept) accepted += z[k]!;
  }
  for (let k = 0; k < K; k++) {
    const target = example.accept ? (example.accept.includes(k) ? z[k]! / accepted : 0) : k === example.label ? 1 : 0;
    const g = weight * (z[k]! - target);
    if (g === 0) continue;
    const delta = (step.rate * g) / state.scale;
    for (let n = 0; n < example.indices.length; n++) v[example.indices[n]! * K + k]! -= delta * example.values[n]!;
    if (step.fitBias) bias[k]! -= step.rate * g;
  }
}

/** Class scores (logits) for one example, written into `out`. */
export function logits(
  example: Pick<TrainingExample, 'indices' | 'values' | 'offset'>,
  weights: Float32Array,
  bias: Float32Array,
  scale: number,
  classes: number,
  out: Float64Array,
): Float64Array {
  for (let k = 0; k < classes; k++) out[k] = bias[k]! + (example.offset?.[k] ?? 0);
  for (let n = 0; n < example.indices.length; n++) {
    const base = example.indices[n]! * classes;
    const x = example.values[n]! * scale;
    for (let k = 0; k < classes; k++) out[k]! += weights[base + k]! * x;
  }
  return out;
}

export function softmaxInPlace(z: Float64Array | Float32Array | number[]): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < z.length; k++) if (z[k]! > max) max = z[k]!;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

/** A small seeded generator: training must give the same model from the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
