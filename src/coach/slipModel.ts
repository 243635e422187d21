import type { Severity } from '../playbook/schema';
import type { Features } from './features';
import { type FusedHeads, fuseHeads } from './fusedHeads';
import type { SlipModelFile } from './modelFiles';
import { NgramView } from './ngramView';
import { softmaxInPlace } from './training/softmax';
import type { WordVectors } from './wordVectors';

/** A message's features as indices into the model's weight rows. */
export interface Encoded {
  indices: Int32Array;
  values: Float32Array;
  /**
   * The mean word vector as the words it was made of and the factor their sum is scaled by, in place of its hundred
   * entries in `indices`: scorers add each word's remembered projection (wordProjections.ts).
   */
  dense?: { rows: Int32Array; scale: number };
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
  private readonly weighting: Weighting;
  private readonly fused: FusedHeads;
  /** The last message's scores from every head: a detection asks several heads about the same encoding. */
  private last: { encoded: Encoded; z: Float64Array } | undefined;
  /** Which categories the review category head may move (1), when the file says (review.categoryWithin). */
  private readonly reviewWithin: Uint8Array | undefined;
  /** The plain n-gram view's second opinion on the category, when the file has one. */
  readonly view: NgramView | undefined;

  constructor(
    readonly file: SlipModelFile,
    readonly vectors: WordVectors,
  ) {
    this.index = new Map(file.features.map((name, i) => [name, i]));
    if (file.idf && file.idf.length !== file.features.length)
      throw new Error(`the model's idf has ${file.idf.length} entries for ${file.features.length} features`);
    this.weighting = { groups: file.groups, idf: file.idf };
    const width = file.features.length + file.dimensions;
    for (const [name, head] of [
      ['slip', file.slip],
      ...(file.review
        ? ([
            ['register', file.review.register],
            ...(file.review.slip ? ([['review slip', file.review.slip]] as const) : []),
            ...(file.review.category ? ([['review category', file.review.category]] as const) : []),
          ] as const)
        : []),
      ['category', file.category],
      ['severity', file.severity],
    ] as const) {
      if (head.weights.length !== width * head.classes.length || head.bias.length !== head.classes.length)
        throw new Error(`the ${name} head does not match the model's ${width} features`);
    }
    if (file.dimensions > 0 && vectors.dimensions !== file.dimensions)
      throw new Error(`the model wants ${file.dimensions}-dimensional word vectors, found ${vectors.dimensions}`);
    this.view = file.view ? new NgramView(file.view) : undefined;
    const within = file.review?.categoryWithin;
    this.reviewWithin = within
      ? Uint8Array.from(file.category.classes, (id) => (within.includes(id) ? 1 : 0))
      : undefined;
    this.fused = fuseHeads(
      width,
      [file.slip, file.review?.register, file.review?.slip, file.category, file.review?.category, file.severity],
      vectors,
      file.dimensions,
    );
  }

  get version(): string {
    return this.file.version;
  }

  get categories(): string[] {
    return this.file.category.classes;
  }

  /**
   * The message's features as the heads read them. The mean word vector goes in as the words it was made of (the heads
   * add each word's remembered projection), not as its hundred entries, when the features say which words those were.
   */
  encode(features: Features): Encoded {
    const words = features.denseWords;
    const dimensions = this.file.dimensions;
    if (!words || words.norm === 0 || dimensions === 0 || features.dense.length !== dimensions)
      return encodeFeatures(features, this.index, dimensions, this.weighting);
    const encoded = encodeFeatures(features, this.index, 0, this.weighting);
    const scale = (this.weighting.groups ?? LEGACY_GROUPS).dense / words.norm;
    return { ...encoded, dense: { rows: words.rows, scale } };
  }

  /** Log-odds that the message is a slip (before any venue layer). */
  slipLogit(encoded: Encoded): number {
    const z = this.headScores(SLIP, encoded);
    const review = this.file.review;
    if (review?.slip) addScaled(z, this.headScores(REVIEW_SLIP, encoded, review.scale), this.reviewLikeness(encoded));
    return z[1]! - z[0]!;
  }

  /** Trained score per category the model knows, before the generic evidence. */
  categoryLogits(encoded: Encoded): Map<string, number> {
    const z = this.headScores(CATEGORY, encoded);
    if (this.file.review?.category) {
      const likeness = this.reviewLikeness(encoded);
      if (this.reviewWithin) addWithin(z, this.headScores(REVIEW_CATEGORY, encoded), likeness, this.reviewWithin);
      else addScaled(z, this.headScores(REVIEW_CATEGORY, encoded), likeness);
    }
    return new Map(this.file.category.classes.map((id, k) => [id, z[k]!]));
  }

  /** How much the message reads like a guest's own review rather than a staff message, 0..1. */
  reviewLikeness(encoded: Encoded): number {
    if (!this.file.review?.register) return 0;
    const r = this.headScores(REGISTER, encoded);
    return 1 / (1 + Math.exp(r[0]! - r[1]!));
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
    const z = this.headScores(SEVERITY, encoded);
    softmaxInPlace(z);
    return new Map(this.file.severity.classes.map((level, k) => [level as Severity, z[k]!]));
  }

  /**
   * One head's scores (a fresh array), `scale` times its weights plus its bias. Every head is scored in one pass over
   * the message's features and kept for the next question about the same encoding.
   */
  private headScores(head: number, encoded: Encoded, scale = 1): Float64Array {
    if (this.last?.encoded !== encoded) this.last = { encoded, z: this.fused.score(encoded) };
    const { at, classes } = this.fused.heads[head]!;
    const out = new Float64Array(classes);
    for (let k = 0; k < classes; k++) out[k] = this.fused.bias[at + k]! + scale * this.last.z[at + k]!;
    return out;
  }

  /** The message's features that pushed most towards "a slip", strongest first, for the card's reasons. */
  topSlipWords(encoded: Encoded, count: number): string[] {
    const { weights } = this.file.slip;
    const names = this.file.features;
    // the strongest `count`, kept in order as they come: a card needs six of a message's hundred-odd features
    const top: Array<[number, number]> = [];
    for (let n = 0; n < encoded.indices.length; n++) {
      const i = encoded.indices[n]!;
      if (i >= names.length) continue;
      const push = (weights[i * 2 + 1]! - weights[i * 2]!) * encoded.values[n]!;
      if (push <= 0 || (top.length === count && push <= top[count - 1]![1])) continue;
      let at = top.length === count ? count - 1 : top.length;
      while (at > 0 && top[at - 1]![1] < push) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = [i, push];
    }
    return top.map(([i]) => names[i]!);
  }
}

/** How much each feature group counts once it is scaled to unit length (stored in the model file). */
export interface GroupWeights {
  words: number;
  pairs: number;
  letters: number;
  signals: number;
  dense: number;
}

/** How features are weighted before the heads see them (both stored in the model file, both optional). */
export interface Weighting {
  groups?: GroupWeights;
  idf?: Float32Array;
}

/** Before group weights were stored: words, pairs and letter n-grams shared one unit-length group. */
const LEGACY_GROUPS: GroupWeights = { words: 0, pairs: 0, letters: 0, signals: 1, dense: 1 };

/** A sparse feature's group from its name: "w:" words, "b:" word pairs, "c:" letter n-grams, anything else signals. */
function groupOf(name: string): number {
  if (name.charCodeAt(1) !== 58) return 3;
  const first = name.charCodeAt(0);
  return first === 119 ? 0 : first === 98 ? 1 : first === 99 ? 2 : 3;
}

/**
 * Features come in groups, each scaled to unit length and then by its weight: words, word pairs, letter n-grams,
 * signals (shapes, sentiment, the rules' verdict) and the mean word vector. A long message does not shout louder than
 * a short one, and no group's raw size (a word has many letter n-grams) decides how much it counts. With an idf, a
 * word, pair or letter n-gram counts its idf (once, however often it is said) before its group is scaled. Training and detection both
 * encode through here.
 */
export function encodeFeatures(
  features: Features,
  index: Map<string, number>,
  dimensions: number,
  weighting: Weighting = {},
): Encoded {
  const groups = weighting.groups ?? LEGACY_GROUPS;
  const idf = weighting.idf;
  const legacy = groups === LEGACY_GROUPS;
  const width = Math.min(features.dense.length, dimensions);
  const indices = new Int32Array(features.sparse.size + width);
  const values = new Float32Array(features.sparse.size + width);
  const group = new Uint8Array(features.sparse.size);
  const norms = [0, 0, 0, 0];
  let n = 0;
  for (const [name, raw] of features.sparse) {
    let g = groupOf(name);
    const i = index.get(name);
    // a feature the model never saw says nothing, and must not drown the ones it knows: a slip followed by a page
    // of one repeated unknown token ("<@U1|<@U1|…") read as no slip. Measured by 5-fold CV, against counting it at
    // the largest idf: staff F1 0.916 → 0.917, category 82.9% → 84.7%; MAMS F1 0.810 → 0.820
    if (i === undefined) continue;
    const value = idf && g < 3 ? tfIdf(raw, idf[i]!) : raw;
    if (legacy && g < 3) g = 0;
    norms[g]! += value * value;
    if (value === 0) continue;
    indices[n] = i;
    values[n] = value;
    group[n++] = g;
  }
  const weight = legacy ? [1, 1, 1, groups.signals] : [groups.words, groups.pairs, groups.letters, groups.signals];
  const scale = norms.map((norm, g) => (norm > 0 ? weight[g]! / Math.sqrt(norm) : weight[g]!));
  for (let k = 0; k < n; k++) values[k]! *= scale[group[k]!]!;
  for (let d = 0; d < width; d++) {
    if (features.dense[d] === 0) continue;
    indices[n] = index.size + d;
    values[n++] = features.dense[d]! * groups.dense;
  }
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

/**
 * A word, pair or letter n-gram counts its idf once, however often it is said: a word pasted a hundred times must not
 * drown the rest of the message in its group ("T40 got the wrong steak" then a page of "<!channel|" read as no
 * slip). Measured by 5-fold CV against the sublinear count (1 + ln count): staff F1 0.922 → 0.923, category 84.4% →
 * 84.4%, MAMS F1 0.812 → 0.812.
 */
function tfIdf(count: number, idf: number): number {
  return count > 0 ? idf : count;
}

function addScaled(into: Float64Array, z: Float64Array, by: number): void {
  for (let k = 0; k < into.length; k++) into[k]! += by * z[k]!;
}

/**
 * Adds `by` times `z` to the categories marked in `within`, shifted so that their total probability (a softmax over
 * `into`) stays what it was: the review head learned from review sentences whose aspects never name the others
 * (a pest, an injury, a lost coat), so it may share the marked categories' probability among them but not take any
 * from the rest. Added in full, it put "there was a piece of glass in my smoothie" at 0.01% safety (73% without it).
 */
function addWithin(into: Float64Array, z: Float64Array, by: number, within: Uint8Array): void {
  let top = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < into.length; k++) if (within[k]) top = Math.max(top, into[k]!, into[k]! + by * z[k]!);
  let before = 0;
  let after = 0;
  for (let k = 0; k < into.length; k++) {
    if (!within[k]) continue;
    before += Math.exp(into[k]! - top);
    after += Math.exp(into[k]! + by * z[k]! - top);
  }
  const shift = Math.log(before) - Math.log(after);
  for (let k = 0; k < into.length; k++) if (within[k]) into[k]! += by * z[k]! + shift;
}

/** Where each head's classes sit in the fused rows (fusedHeads.ts); a head the file lacks has no classes. */
const [SLIP, REGISTER, REVIEW_SLIP, CATEGORY, REVIEW_CATEGORY, SEVERITY] = [0, 1, 2, 3, 4, 5];
