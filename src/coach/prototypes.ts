import type { Category } from '../playbook/schema';
import type { GenericEvidence } from './slipModel';

/**
 * Each category's example messages as word-vector points: a message close to a category's examples counts for it.
 * This is how a manager's new category is recognised from a few examples without retraining anything, and how a
 * venue's own corrections reach categories the shipped model does not know.
 */
export class Prototypes {
  /** Each category's description and example messages, as `vectorOf` reads them. */
  static of(categories: Category[], vectorOf: (text: string) => Float32Array): Prototypes {
    const prototypes = new Prototypes();
    for (const category of categories)
      for (const text of [category.description, ...category.examples]) prototypes.add(category.id, vectorOf(text));
    return prototypes;
  }

  private readonly points = new Map<string, Float32Array[]>();
  /** Each category's points packed in one array with their centre, built on first use after a change. */
  private readonly packed = new Map<string, Packed>();

  add(category: string, vector: Float32Array): void {
    if (vector.length === 0 || !vector.some((v) => v !== 0)) return;
    const list = this.points.get(category) ?? [];
    list.push(vector);
    this.points.set(category, list);
    this.packed.delete(category);
  }

  /** Similarity of a message to a category's examples: to the nearest one, and to their centre. */
  evidence(category: string, vector: Float32Array): Pick<GenericEvidence, 'simMax' | 'simMean'> {
    const pack = this.pack(category);
    const D = vector.length;
    if (!pack || D === 0 || pack.dimensions !== D) return { simMax: 0, simMean: 0 };
    // one pass over packed rows: this runs for every category on every message
    const { rows } = pack;
    let simMax = -1;
    for (let base = 0; base < rows.length; base += D) {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += rows[base + d]! * vector[d]!;
      if (dot > simMax) simMax = dot;
    }
    // the message's vector and the centre are both unit length (or the message's all zeros): their dot is the cosine
    let simMean = 0;
    for (let d = 0; d < D; d++) simMean += pack.centroid[d]! * vector[d]!;
    return { simMax: Math.max(0, simMax), simMean: Math.max(0, simMean) };
  }

  private pack(category: string): Packed | undefined {
    let pack = this.packed.get(category);
    if (pack) return pack;
    const list = this.points.get(category);
    if (!list || list.length === 0) return undefined;
    const D = list[0]!.length;
    const rows = new Float32Array(list.length * D);
    const centroid = new Float32Array(D);
    list.forEach((point, p) => {
      rows.set(point.subarray(0, D), p * D);
      for (let d = 0; d < D; d++) centroid[d]! += point[d]!;
    });
    let norm = 0;
    for (let d = 0; d < D; d++) norm += centroid[d]! * centroid[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < D; d++) centroid[d]! /= norm;
    pack = { dimensions: D, rows, centroid };
    this.packed.set(category, pack);
    return pack;
  }
}

interface Packed {
  dimensions: number;
  rows: Float32Array;
  centroid: Float32Array;
}
