import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { SEVERITIES } from '../playbook/schema';
import { SlipModel } from './slipModel';
import { WordVectors } from './wordVectors';

/** The shipped model's files, written by `npm run train` and committed. */
export const MODEL_DIR = resolve(__dirname, '../../models');
export const MODEL_FILE = 'slip-model.json';
export const VECTORS_FILE = 'word-vectors.bin';
/** The model's float32 arrays, little-endian, one after another; the model file says where each starts. */
export const WEIGHTS_FILE = 'slip-model.weights';

/**
 * A float32 array as the model file stores it: `{ at, length }` into the weights file (read once, viewed in place),
 * or base64 of its little-endian bytes (older files).
 */
function float32Array(weights: Float32Array<ArrayBuffer> | undefined) {
  const inWeights = z
    .object({ at: z.number().int().min(0), length: z.number().int().min(0) })
    .refine(
      (ref) => weights !== undefined && ref.at + ref.length <= weights.length,
      'beyond the end of the weights file',
    )
    .transform((ref) => weights!.subarray(ref.at, ref.at + ref.length));
  const base64 = z
    .string()
    .transform((s) => Buffer.from(s, 'base64'))
    .refine((b) => b.length % 4 === 0, 'not a float32 array')
    .transform((b) => {
      const out = new Float32Array(b.length / 4);
      Buffer.from(out.buffer).set(b);
      return out;
    });
  return z.union([inWeights, base64]);
}

const headSchema = (floats: ReturnType<typeof float32Array>) =>
  z.object({ classes: z.array(z.string()).min(2), bias: floats, weights: floats });

/** How much evidence that is not tied to one trained category counts for any category (a manager's new one too). */
const GenericSchema = z.object({
  rule: z.number(),
  simMax: z.number(),
  simMean: z.number(),
  bias: z.number(),
  /** How much stronger the generic evidence counts for a category with no trained weights. */
  alone: z.number().optional(),
});

/** The model file's schema, its arrays read from `weights` (the weights file's floats) where they point into it. */
export function slipModelFileSchema(weights?: Float32Array<ArrayBuffer>) {
  const floats = float32Array(weights);
  const HeadSchema = headSchema(floats);
  return z.object({
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
    /**
     * How guests' own writing (reviews) differs: a register head (staff message or guest review) and the slip weights
     * learned from reviews alone, added in proportion to how much the message reads like a review.
     */
    review: z
      .object({
        register: HeadSchema,
        scale: z.number(),
        slip: HeadSchema.optional(),
        category: HeadSchema.optional(),
        /**
         * The categories a review's aspects can name (absent in older files: all): the review category head learned
         * only how to share their probability among them, so it moves nothing into or out of the others (safety).
         */
        categoryWithin: z.array(z.string()).optional(),
      })
      .optional(),
    /** How much each feature group counts (absent in older files: words, pairs and letters as one group). */
    groups: z
      .object({ words: z.number(), pairs: z.number(), letters: z.number(), signals: z.number(), dense: z.number() })
      .optional(),
    /**
     * Inverse document frequency of each sparse feature, in `features` order (absent in older files): a word, pair or
     * letter n-gram that many training messages share says less about any one of them.
     */
    idf: floats.optional(),
    /**
     * A second, plainer reading (ngramView.ts): its own features, their idf, a category head over them and (absent in
     * older files) a slip head whose probability the detector averages with the model's.
     */
    view: z
      .object({ features: z.array(z.string()), idf: floats, category: HeadSchema, slip: HeadSchema.optional() })
      .optional(),
  });
}

export type SlipModelFile = z.infer<ReturnType<typeof slipModelFileSchema>>;

/** Reads and checks the model files; a missing or damaged file is a start-up error that says what to do. */
export function loadSlipModel(dir = MODEL_DIR): SlipModel {
  const modelPath = resolve(dir, MODEL_FILE);
  const weightsPath = resolve(dir, WEIGHTS_FILE);
  const vectorsPath = resolve(dir, VECTORS_FILE);
  for (const path of [modelPath, weightsPath, vectorsPath]) {
    if (!existsSync(path))
      throw new AppError(
        'MODEL_MISSING',
        `The detector model file ${path} is missing: run \`npm run train\` to rebuild it.`,
      );
  }
  try {
    // the weights are read as bytes and viewed in place: no base64 text, no copy (a copy's peak stays resident)
    const parsed = slipModelFileSchema(readFloats(weightsPath)).safeParse(JSON.parse(readFileSync(modelPath, 'utf8')));
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

function readFloats(path: string): Float32Array<ArrayBuffer> {
  const bytes = readFileSync(path);
  if (bytes.length % 4 !== 0) throw new Error(`${WEIGHTS_FILE} is not whole float32 values`);
  if (bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length / 4);
  return new Float32Array(Uint8Array.from(bytes).buffer);
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
