import type { Category } from '../playbook/schema';
import { cosine } from './features';
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
  private readonly centroids = new Map<string, Float32Array>();

  add(category: string, vector: Float32Array): void {
    if (vector.length === 0 || !vector.some((v) => v !== 0)) return;
    const list = this.points.get(category) ?? [];
    list.push(vector);
    this.points.set(category, list);
    this.centroids.delete(category);
  }

  /** Similarity of a message to a category's examples: to the nearest one, and to their centre. */
  evidence(category: string, vector: Float32Array): Pick<GenericEvidence, 'simMax' | 'simMean'> {
    const list = this.points.get(category);
    if (!list || list.length === 0 || vector.length === 0) return { simMax: 0, simMean: 0 };
    let simMax = -1;
    for (const point of list) simMax = Math.max(simMax, cosine(point, vector));
    return { simMax: Math.max(0, simMax), simMean: Math.max(0, cosine(this.centroid(category, list), vector)) };
  }

  private centroid(category: string, list: Float32Array[]): Float32Array {
    let centroid = this.centroids.get(category);
    if (centroid) return centroid;
    centroid = new Float32Array(list[0]!.length);
    for (const point of list) for (let d = 0; d < centroid.length; d++) centroid[d]! += point[d]!;
    let norm = 0;
    for (let d = 0; d < centroid.length; d++) norm += centroid[d]! * centroid[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < centroid.length; d++) centroid[d]! /= norm;
    this.centroids.set(category, centroid);
    return centroid;
  }
}
