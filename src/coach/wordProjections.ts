import type { WordVectors } from './wordVectors';

/**
 * What each word's unit vector becomes under one fixed linear map (a model's heads, a playbook's example points),
 * remembered per word and bounded. A message's mean vector is the sum of its words' unit vectors over its length, so
 * its image is the sum of its words' images over that length: a handful of additions instead of a hundred entries
 * times every row, and the same words come back all day.
 */
export class WordProjections {
  private readonly memo = new Map<number, Float32Array>();
  private readonly unit: Float32Array;

  /** `project(unit, out)` writes the image of one unit vector into `out` (`width` long, zeroed). */
  constructor(
    private readonly vectors: WordVectors,
    readonly width: number,
    private readonly project: (unit: Float32Array, out: Float32Array) => void,
    private readonly kept: number,
  ) {
    this.unit = new Float32Array(vectors.dimensions);
  }

  /** The sum of the images of the words in these word-vector rows (Features.denseWords), in a fresh array. */
  sum(rows: Int32Array): Float64Array {
    const total = new Float64Array(this.width);
    for (const row of rows) {
      const image = this.of(row);
      for (let k = 0; k < this.width; k++) total[k]! += image[k]!;
    }
    return total;
  }

  private of(row: number): Float32Array {
    let image = this.memo.get(row);
    if (image) return image;
    this.unit.fill(0);
    this.vectors.addRow(this.unit, row);
    image = new Float32Array(this.width);
    this.project(this.unit, image);
    if (this.memo.size >= this.kept) this.memo.clear();
    this.memo.set(row, image);
    return image;
  }
}
