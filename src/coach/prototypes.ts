import type { Category } from '../playbook/schema';
import type { Features } from './features';
import type { GenericEvidence } from './slipModel';
import { WordProjections } from './wordProjections';
import type { WordVectors } from './wordVectors';

type Similarity = Pick<GenericEvidence, 'simMax' | 'simMean'>;

/**
 * Each category's example messages as word-vector points: a message close to a category's examples counts for it.
 * This is how a manager's new category is recognised from a few examples without retraining anything, and how a
 * venue's own corrections reach categories the shipped model does not know.
 */
export class Prototypes {
  /**
   * Each category's description and example messages, as `vectorOf` reads them. With the word vectors the messages
   * were read with, `evidenceFor` compares a message word by word (see there).
   */
  static of(categories: Category[], vectorOf: (text: string) => Float32Array, vectors?: WordVectors): Prototypes {
    const prototypes = new Prototypes(vectors);
    for (const category of categories)
      for (const text of [category.description, ...category.examples]) prototypes.add(category.id, vectorOf(text));
    return prototypes;
  }

  private readonly points = new Map<string, Float32Array[]>();
  /**
   * Every point and every category's centre packed in one array, with each word's remembered cosines with them,
   * built on first use after a change.
   */
  private packed: Packed | undefined;
  /** The last message's cosines with every packed row: a detection asks once per category. */
  private last: { features: Features; dots: Float64Array } | undefined;

  constructor(private readonly vectors?: WordVectors) {}

  add(category: string, vector: Float32Array): void {
    if (vector.length === 0 || !vector.some((v) => v !== 0)) return;
    const list = this.points.get(category) ?? [];
    list.push(vector);
    this.points.set(category, list);
    this.packed = undefined;
    this.last = undefined;
  }

  /** Similarity of a message to a category's examples: to the nearest one, and to their centre. */
  evidence(category: string, vector: Float32Array): Similarity {
    const pack = this.pack();
    const range = pack?.ranges.get(category);
    const D = vector.length;
    if (!pack || !range || D === 0 || pack.dimensions !== D) return NONE;
    const dot = (row: number) => {
      let sum = 0;
      const base = row * D;
      for (let d = 0; d < D; d++) sum += pack.rows[base + d]! * vector[d]!;
      return sum;
    };
    let simMax = -1;
    for (let row = range.start; row < range.end; row++) simMax = Math.max(simMax, dot(row));
    // the message's vector and the centre are both unit length (or the message's all zeros): their dot is the cosine
    return { simMax: Math.max(0, simMax), simMean: Math.max(0, dot(range.centre)) };
  }

  /**
   * The same similarity for a message read with the word vectors these prototypes were given, from its words: the
   * message's vector is the sum of its words' unit vectors over its length, so its cosine with a point is the sum of
   * its words' cosines over that length, and each word's cosines are remembered. The same figures to float rounding
   * at a tenth of the work: comparing every message with every point was a tenth of detection's time.
   */
  evidenceFor(category: string, features: Features): Similarity {
    const pack = this.pack();
    const words = features.denseWords;
    if (!pack?.words || !words) return this.evidence(category, features.dense);
    const range = pack.ranges.get(category);
    if (!range) return NONE;
    const dots = this.dotsFor(features, words, pack.words, pack.count);
    let simMax = -1;
    for (let row = range.start; row < range.end; row++) simMax = Math.max(simMax, dots[row]!);
    return { simMax: Math.max(0, simMax), simMean: Math.max(0, dots[range.centre]!) };
  }

  private dotsFor(
    features: Features,
    words: { rows: Int32Array; norm: number },
    projections: WordProjections,
    count: number,
  ): Float64Array {
    if (this.last?.features === features) return this.last.dots;
    const dots = projections.sum(words.rows);
    for (let row = 0; row < count; row++) dots[row]! /= words.norm;
    this.last = { features, dots };
    return dots;
  }

  private pack(): Packed | undefined {
    if (this.packed) return this.packed;
    const lists = [...this.points].filter(([, list]) => list.length > 0);
    if (lists.length === 0) return undefined;
    const D = lists[0]![1][0]!.length;
    const count = lists.reduce((n, [, list]) => n + list.length + 1, 0);
    const rows = new Float32Array(count * D);
    const ranges = new Map<string, Range>();
    let next = 0;
    for (const [category, list] of lists) {
      const start = next;
      const centre = start + list.length;
      for (const point of list) {
        rows.set(point.subarray(0, D), next * D);
        for (let d = 0; d < D; d++) rows[centre * D + d]! += point[d]!;
        next++;
      }
      let norm = 0;
      for (let d = 0; d < D; d++) norm += rows[centre * D + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < D; d++) rows[centre * D + d]! /= norm;
      ranges.set(category, { start, end: centre, centre });
      next++;
    }
    const words =
      this.vectors?.dimensions === D
        ? new WordProjections(
            this.vectors,
            count,
            (unit, out) => {
              for (let row = 0; row < count; row++) {
                let dot = 0;
                for (let d = 0; d < D; d++) dot += rows[row * D + d]! * unit[d]!;
                out[row] = dot;
              }
            },
            PROJECTIONS_KEPT,
          )
        : undefined;
    this.packed = { dimensions: D, count, rows, ranges, words };
    return this.packed;
  }
}

const NONE: Similarity = { simMax: 0, simMean: 0 };

/** Words whose cosines a detector remembers: a few MB at most, and a venue's vocabulary is far smaller. */
const PROJECTIONS_KEPT = 10_000;

/** A category's points are rows `start` to `end` (exclusive); its centre is row `centre`. */
interface Range {
  start: number;
  end: number;
  centre: number;
}

interface Packed {
  dimensions: number;
  /** Rows in all. */
  count: number;
  rows: Float32Array;
  ranges: Map<string, Range>;
  /** Each word's cosine with every row, when the prototypes know the word vectors their points were read with. */
  words: WordProjections | undefined;
}
