import type { Encoded } from './slipModel';
import { type TrainingExample, trainSoftmax } from './training/softmax';

/** One message a venue labelled: a correction ("Not a slip", "Wrong category?") or a slip logged by hand. */
export interface VenueExample {
  /** Redacted text, as stored. */
  text: string;
  /** The right category; undefined when the message is not a slip. */
  categoryId?: string;
  /** Its mean word vector, for similarity to new messages. */
  vector: number[];
}

/** What one venue taught the detector: its examples and small weight changes over the shipped model. */
export interface VenueLayer {
  readonly version: number;
  readonly examples: VenueExample[];
  slipLogit(encoded: Encoded): number;
  categoryLogits(encoded: Encoded): Map<string, number>;
}

/** Weights on the few features a venue's examples have: `weights` holds `classes` numbers per index. */
interface SparseRows {
  indices: number[];
  weights: number[];
}

/** A venue's layer as it would be kept in its own Redis (JSON), tied to the shipped model it was trained over. */
export interface VenueLayerFile {
  format: 'venue-layer/1';
  modelVersion: string;
  version: number;
  trainedAt: number;
  examples: VenueExample[];
  slip: SparseRows;
  category: SparseRows & { classes: string[] };
}

/** The base detector's reading of one example, which the layer learns to correct. */
export interface BaseReading {
  encoded: Encoded;
  slipLogit: number;
  /** Score per active category, in `classes` order. */
  categoryLogits: number[];
  vector: Float32Array;
}

/**
 * Trains a venue's layer: weights over the shipped model's features that, added to its scores, make the venue's own
 * examples come out right, with enough L2 that one correction moves similar messages, not everything.
 */
export function trainVenueLayer(input: {
  examples: Array<{ text: string; categoryId?: string }>;
  read: (text: string) => BaseReading;
  classes: string[];
  modelVersion: string;
  version: number;
  now: number;
}): VenueLayerFile {
  const readings = input.examples.map((e) => input.read(e.text));
  const options = { epochs: 60, learningRate: 1, l2: 1e-3, seed: 3, fitBias: false };
  const width = 1 + Math.max(0, ...readings.flatMap((r) => [...r.encoded.indices]));
  const slipExamples: TrainingExample[] = readings.map((r, i) => ({
    ...r.encoded,
    label: input.examples[i]!.categoryId ? 1 : 0,
    offset: Float32Array.from([0, r.slipLogit]),
  }));
  const slip = trainSoftmax(slipExamples, { ...options, classes: 2, features: width });
  const categoryExamples: TrainingExample[] = [];
  readings.forEach((r, i) => {
    const k = input.examples[i]!.categoryId ? input.classes.indexOf(input.examples[i]!.categoryId!) : -1;
    if (k >= 0) categoryExamples.push({ ...r.encoded, label: k, offset: Float32Array.from(r.categoryLogits) });
  });
  const category = trainSoftmax(categoryExamples, { ...options, classes: input.classes.length, features: width });
  const slipDelta = new Float32Array(width);
  for (let f = 0; f < width; f++) slipDelta[f] = slip.weights[f * 2 + 1]! - slip.weights[f * 2]!;
  return {
    format: 'venue-layer/1',
    modelVersion: input.modelVersion,
    version: input.version,
    trainedAt: input.now,
    examples: input.examples.map((e, i) => ({
      text: e.text,
      ...(e.categoryId ? { categoryId: e.categoryId } : {}),
      vector: [...readings[i]!.vector].map((v) => Math.round(v * 1e4) / 1e4),
    })),
    slip: sparse(slipDelta, 1),
    category: { classes: input.classes, ...sparse(category.weights, input.classes.length) },
  };
}

/** Keeps only the rows (features) with any weight: a layer touches the few features its examples have. */
function sparse(weights: Float32Array, classes: number): SparseRows {
  const indices: number[] = [];
  const kept: number[] = [];
  for (let f = 0; f * classes < weights.length; f++) {
    const row = weights.subarray(f * classes, (f + 1) * classes);
    if (!row.some((w) => Math.abs(w) > 1e-6)) continue;
    indices.push(f);
    for (const w of row) kept.push(Math.round(w * 1e5) / 1e5);
  }
  return { indices, weights: kept };
}

/** A trained layer, ready to add its scores to the shipped model's. */
export class TrainedVenueLayer implements VenueLayer {
  private readonly slipRows = new Map<number, number>();
  private readonly categoryRows = new Map<number, number[]>();

  constructor(readonly file: VenueLayerFile) {
    file.slip.indices.forEach((f, n) => {
      this.slipRows.set(f, file.slip.weights[n]!);
    });
    const K = file.category.classes.length;
    file.category.indices.forEach((f, n) => {
      this.categoryRows.set(f, file.category.weights.slice(n * K, (n + 1) * K));
    });
  }

  get version(): number {
    return this.file.version;
  }

  get examples(): VenueExample[] {
    return this.file.examples;
  }

  slipLogit(encoded: Encoded): number {
    let z = 0;
    for (let n = 0; n < encoded.indices.length; n++)
      z += (this.slipRows.get(encoded.indices[n]!) ?? 0) * encoded.values[n]!;
    return z;
  }

  categoryLogits(encoded: Encoded): Map<string, number> {
    const classes = this.file.category.classes;
    const z = new Array<number>(classes.length).fill(0);
    for (let n = 0; n < encoded.indices.length; n++) {
      const row = this.categoryRows.get(encoded.indices[n]!);
      if (row) for (let k = 0; k < classes.length; k++) z[k]! += row[k]! * encoded.values[n]!;
    }
    return new Map(classes.map((id, k) => [id, z[k]!]));
  }
}
