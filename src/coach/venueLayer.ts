import type { Playbook } from '../playbook/schema';
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
  /**
   * The message's own words (words, pairs, letter n-grams) alone, as encoded in `encoded`: what a layer may weigh.
   * A layer that could move the shared signals (word-vector mean, sentiment, the rules' verdict) would let one
   * "Not a slip" silence every message that merely sounds alike.
   */
  specific: Encoded;
  slipLogit: number;
  /** Score per active category, in `classes` order. */
  categoryLogits: number[];
  vector: Float32Array;
}

/** How much a playbook example counts against a venue's correction when the layer is trained. */
const ANCHOR_WEIGHT = 0.5;

/**
 * Trains a venue's layer: weights over the shipped model's features that, added to its scores, make the venue's own
 * examples come out right, with enough L2 that one correction moves similar messages, not everything.
 */
export function trainVenueLayer(input: {
  examples: Array<{ text: string; categoryId?: string }>;
  /**
   * Messages whose answer must stay as it is (the playbook's own examples): trained alongside at a lower weight, so
   * words every message shares ("guest", "upset", a table number) cannot carry a correction, and the words that
   * make the corrected message different do.
   */
  anchors?: Array<{ text: string; categoryId: string }>;
  read: (text: string) => BaseReading;
  classes: string[];
  modelVersion: string;
  version: number;
  now: number;
}): VenueLayerFile {
  const anchors = input.anchors ?? [];
  const labelled = [
    ...input.examples.map((e) => ({ ...e, weight: 1 })),
    ...anchors.map((a) => ({ ...a, weight: ANCHOR_WEIGHT })),
  ];
  const readings = labelled.map((e) => input.read(e.text));
  const options = { epochs: 60, learningRate: 1, l2: 1e-4, seed: 3, fitBias: false };
  const width = widthOf(readings.map((r) => r.specific.indices));
  const slipExamples: TrainingExample[] = readings.map((r, i) => ({
    ...r.specific,
    label: labelled[i]!.categoryId ? 1 : 0,
    weight: labelled[i]!.weight,
    offset: Float32Array.from([0, r.slipLogit]),
  }));
  const slip = trainSoftmax(slipExamples, { ...options, classes: 2, features: width });
  const categoryExamples: TrainingExample[] = [];
  readings.forEach((r, i) => {
    const k = labelled[i]!.categoryId ? input.classes.indexOf(labelled[i]!.categoryId!) : -1;
    if (k >= 0)
      categoryExamples.push({
        ...r.specific,
        label: k,
        weight: labelled[i]!.weight,
        offset: Float32Array.from(r.categoryLogits),
      });
  });
  const category = trainSoftmax(categoryExamples, { ...options, classes: input.classes.length, features: width });
  const slipDelta = new Float32Array(width);
  for (let f = 0; f < width; f++) slipDelta[f] = slip.weights[f * 2 + 1]! - slip.weights[f * 2]!;
  return {
    format: 'venue-layer/1',
    modelVersion: input.modelVersion,
    version: input.version,
    trainedAt: input.now,
    // the venue's own examples only (the anchors are the playbook's, read from it)
    examples: input.examples.map((e, i) => ({
      text: e.text,
      ...(e.categoryId ? { categoryId: e.categoryId } : {}),
      vector: [...readings[i]!.vector].map((v) => Math.round(v * 1e4) / 1e4),
    })),
    slip: sparse(slipDelta, 1),
    category: { classes: input.classes, ...sparse(category.weights, input.classes.length) },
  };
}

/** What a layer is trained over: a detector without a layer, for the venue's current playbook. */
export interface LayerBase {
  baseReading(text: string): BaseReading;
  readonly categoryIds: string[];
  readonly modelVersion: string;
  readonly source: Playbook;
}

/** A venue's layer over `base`, from its examples, anchored by the playbook's own example messages. */
export function trainLayerOver(
  base: LayerBase,
  examples: Array<{ text: string; categoryId?: string }>,
  meta: { version: number; now: number },
): VenueLayerFile {
  const classes = base.categoryIds;
  const anchors = base.source.categories
    .filter((c) => classes.includes(c.id))
    .flatMap((c) => c.examples.map((text) => ({ text, categoryId: c.id })));
  return trainVenueLayer({
    examples,
    anchors,
    read: (text) => base.baseReading(text),
    classes,
    modelVersion: base.modelVersion,
    ...meta,
  });
}

/** Keeps only the rows (features) with any weight: a layer touches the few features its examples have. */
function sparse(weights: Float32Array, classes: number): SparseRows {
  const indices: number[] = [];
  const kept: number[] = [];
  for (let f = 0; f * classes < weights.length; f++) {
    const row = weights.subarray(f * classes, (f + 1) * classes);
    // weights this small change no score by a visible amount: dropping them keeps a layer to a few hundred KB
    if (!row.some((w) => Math.abs(w) > 1e-3)) continue;
    indices.push(f);
    for (const w of row) kept.push(Math.round(w * 1e5) / 1e5);
  }
  return { indices, weights: kept };
}

/** A trained layer, ready to add its scores to the shipped model's. */
export class TrainedVenueLayer implements VenueLayer {
  /** Slip weight per feature index, and each feature's row in `categoryWeights` (-1: none), as flat arrays: a layer
   * is consulted on every message, and array reads keep it to a few microseconds. */
  private readonly slipWeights: Float32Array;
  private readonly categoryRow: Int32Array;
  private readonly categoryWeights: Float32Array;

  constructor(readonly file: VenueLayerFile) {
    const width = widthOf([file.slip.indices, file.category.indices]);
    this.slipWeights = new Float32Array(width);
    file.slip.indices.forEach((f, n) => {
      this.slipWeights[f] = file.slip.weights[n]!;
    });
    this.categoryRow = new Int32Array(width).fill(-1);
    file.category.indices.forEach((f, n) => {
      this.categoryRow[f] = n;
    });
    this.categoryWeights = Float32Array.from(file.category.weights);
  }

  get version(): number {
    return this.file.version;
  }

  get examples(): VenueExample[] {
    return this.file.examples;
  }

  slipLogit(encoded: Encoded): number {
    const w = this.slipWeights;
    let z = 0;
    for (let n = 0; n < encoded.indices.length; n++) {
      const f = encoded.indices[n]!;
      if (f < w.length) z += w[f]! * encoded.values[n]!;
    }
    return z;
  }

  categoryLogits(encoded: Encoded): Map<string, number> {
    const classes = this.file.category.classes;
    const K = classes.length;
    const z = new Float64Array(K);
    const rows = this.categoryRow;
    for (let n = 0; n < encoded.indices.length; n++) {
      const f = encoded.indices[n]!;
      const row = f < rows.length ? rows[f]! : -1;
      if (row < 0) continue;
      const value = encoded.values[n]!;
      for (let k = 0; k < K; k++) z[k]! += this.categoryWeights[row * K + k]! * value;
    }
    return new Map(classes.map((id, k) => [id, z[k]!]));
  }
}

/**
 * One past the largest feature index: a loop, not Math.max(...spread), which exceeds the call stack's argument limit
 * once a venue has taught a thousand or so messages (about 200 features each).
 */
function widthOf(lists: ArrayLike<number>[]): number {
  let width = 0;
  for (const list of lists) for (let n = 0; n < list.length; n++) if (list[n]! >= width) width = list[n]! + 1;
  return width;
}
