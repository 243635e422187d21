import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { SEVERITIES, type Severity } from '../playbook/schema';
import type { Features } from './features';
import { logits, softmaxInPlace } from './training/softmax';
import { WordVectors } from './wordVectors';

/** The shipped model's files, written by `npm run train` and committed. */
export const MODEL_DIR = resolve(__dirname, '../../models');
export const MODEL_FILE = 'slip-model.json';
export const VECTORS_FILE = 'word-vectors.bin';

const Float32Base64 = z
  .string()
  .transform((s) => Buffer.from(s, 'base64'))
  .refine((b) => b.length % 4 === 0, 'not a float32 array')
  .transform((b) => {
    const out = new Float32Array(b.length / 4);
    Buffer.from(out.buffer).set(b);
    return out;
  });

const HeadSchema = z.object({ classes: z.array(z.string()).min(2), bias: Float32Base64, weights: Float32Base64 });

/** How much evidence that is not tied to one trained category counts for any category (a manager's new one too). */
const GenericSchema = z.object({
  rule: z.number(),
  simMax: z.number(),
  simMean: z.number(),
  bias: z.number(),
  /** How much stronger the generic evidence counts for a category with no trained weights. */
  alone: z.number().optional(),
});

export const SlipModelFileSchema = z.object({
  format: z.literal('slip-model/1'),
  version: z.string(),
  seed: z.number(),
  /** Sparse feature names in index order; the word vector's dimensions follow them. */
  features: z.array(z.string()),
  dimensions: z.number().int().min(0),
  threshold: z.number().min(0).max(1),
  slip: HeadSchema,
  category: HeadSchema.extend({ generic: GenericSchema }),
  severity: HeadSchema,
  trainedOn: z.record(z.string(), z.number()),
});
export type SlipModelFile = z.infer<typeof SlipModelFileSchema>;
type Head = z.infer<typeof HeadSchema>;

/** A message's features as indices into the model's weight rows. */
export interface Encoded {
  indices: Int32Array;
  values: Float32Array;
}

/** What one category has going for it besides the trained weights. */
export interface GenericEvidence {
  rule: number;
  simMax: number;
  simMean: number;
}

/**
 * The trained detector model: a slip / not-slip head, a category head and a severity head, linear over the same
 * features. Categories the model was not trained on (a manager's own) are scored by the generic evidence alone.
 */
export class SlipModel {
  private readonly index: Map<string, number>;

  constructor(
    readonly file: SlipModelFile,
    readonly vectors: WordVectors,
  ) {
    this.index = new Map(file.features.map((name, i) => [name, i]));
    const width = file.features.length + file.dimensions;
    for (const [name, head] of [
      ['slip', file.slip],
      ['category', file.category],
      ['severity', file.severity],
    ] as const) {
      if (head.weights.length !== width * head.classes.length || head.bias.length !== head.classes.length)
        throw new Error(`the ${name} head does not match the model's ${width} features`);
    }
    if (file.dimensions > 0 && vectors.dimensions !== file.dimensions)
      throw new Error(`the model wants ${file.dimensions}-dimensional word vectors, found ${vectors.dimensions}`);
  }

  get version(): string {
    return this.file.version;
  }

  get categories(): string[] {
    return this.file.category.classes;
  }

  encode(features: Features): Encoded {
    return encodeFeatures(features, this.index, this.file.dimensions);
  }

  /** Log-odds that the message is a slip (before any venue layer). */
  slipLogit(encoded: Encoded): number {
    const z = scores(this.file.slip, encoded);
    return z[1]! - z[0]!;
  }

  /** Trained score per category the model knows, before the generic evidence. */
  categoryLogits(encoded: Encoded): Map<string, number> {
    const z = scores(this.file.category, encoded);
    return new Map(this.file.category.classes.map((id, k) => [id, z[k]!]));
  }

  /**
   * The generic part of a category's score: the same formula for a trained category and a manager's new one. The
   * trained categories share it with their own weights (it was fitted at `1 / alone` of its strength beside them);
   * a new category has nothing else, so it gets the generic evidence at the full strength it was fitted at.
   */
  genericLogit(evidence: GenericEvidence, alone = false): number {
    const g = this.file.category.generic;
    const z = g.rule * evidence.rule + g.simMax * evidence.simMax + g.simMean * evidence.simMean;
    return alone ? z * (g.alone ?? 1) : z;
  }

  get newCategoryBias(): number {
    return this.file.category.generic.bias;
  }

  severity(encoded: Encoded): Map<Severity, number> {
    const z = scores(this.file.severity, encoded);
    softmaxInPlace(z);
    return new Map(this.file.severity.classes.map((level, k) => [level as Severity, z[k]!]));
  }

  /** The message's features that pushed most towards "a slip", strongest first, for the card's reasons. */
  topSlipWords(encoded: Encoded, count: number): string[] {
    const { weights } = this.file.slip;
    const names = this.file.features;
    const parts: Array<[string, number]> = [];
    for (let n = 0; n < encoded.indices.length; n++) {
      const i = encoded.indices[n]!;
      if (i >= names.length) continue;
      const push = (weights[i * 2 + 1]! - weights[i * 2]!) * encoded.values[n]!;
      if (push > 0) parts.push([names[i]!, push]);
    }
    return parts
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name]) => name);
  }
}

/**
 * Features come in three groups, each scaled to unit length: text (words, pairs, letter n-grams), signals (shapes,
 * sentiment, the rules' verdict) and the mean word vector. A long message does not shout louder than a short one,
 * and no group's raw size decides how fast it is learned. Training and detection both encode through here.
 */
export function encodeFeatures(features: Features, index: Map<string, number>, dimensions: number): Encoded {
  const width = Math.min(features.dense.length, dimensions);
  const indices = new Int32Array(features.sparse.size + width);
  const values = new Float32Array(features.sparse.size + width);
  const text = new Uint8Array(features.sparse.size);
  let n = 0;
  let textNorm = 0;
  let signalNorm = 0;
  for (const [name, value] of features.sparse) {
    const isText = isTextFeature(name);
    if (isText) textNorm += value * value;
    else signalNorm += value * value;
    const i = index.get(name);
    if (i === undefined || value === 0) continue;
    indices[n] = i;
    values[n] = value;
    text[n++] = isText ? 1 : 0;
  }
  const textScale = textNorm > 0 ? 1 / Math.sqrt(textNorm) : 1;
  const signalScale = signalNorm > 0 ? 1 / Math.sqrt(signalNorm) : 1;
  for (let k = 0; k < n; k++) values[k]! *= text[k] ? textScale : signalScale;
  for (let d = 0; d < width; d++) {
    if (features.dense[d] === 0) continue;
    indices[n] = index.size + d;
    values[n++] = features.dense[d]!;
  }
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

function isTextFeature(name: string): boolean {
  const c = name.charCodeAt(0);
  return name.charCodeAt(1) === 58 && (c === 119 || c === 98 || c === 99); // "w:", "b:", "c:"
}

function scores(head: Head, encoded: Encoded): Float64Array {
  const out = new Float64Array(head.classes.length);
  return logits(encoded, head.weights, head.bias, 1, head.classes.length, out);
}

/** Reads and checks the model files; a missing or damaged file is a start-up error that says what to do. */
export function loadSlipModel(dir = MODEL_DIR): SlipModel {
  const modelPath = resolve(dir, MODEL_FILE);
  const vectorsPath = resolve(dir, VECTORS_FILE);
  for (const path of [modelPath, vectorsPath]) {
    if (!existsSync(path))
      throw new AppError(
        'MODEL_MISSING',
        `The detector model file ${path} is missing: run \`npm run train\` to rebuild it.`,
      );
  }
  try {
    const parsed = SlipModelFileSchema.safeParse(JSON.parse(readFileSync(modelPath, 'utf8')));
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    if (!SEVERITIES.every((s) => parsed.data.severity.classes.includes(s))) throw new Error('severity classes');
    return new SlipModel(parsed.data, WordVectors.load(vectorsPath));
  } catch (error) {
    throw new AppError(
      'MODEL_CORRUPT',
      `The detector model in ${dir} cannot be read (${(error as Error).message.split('\n')[0]}): run \`npm run train\` to rebuild it.`,
      { cause: error },
    );
  }
}

const shared = new Map<string, SlipModel>();

/** The process-wide model from `dir` (the shipped one by default), loaded once: web and worker share it. */
export function sharedSlipModel(dir = MODEL_DIR): SlipModel {
  let model = shared.get(dir);
  if (!model) {
    model = loadSlipModel(dir);
    shared.set(dir, model);
  }
  return model;
}
