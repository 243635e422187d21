import type { SlipModelFile } from './modelFiles';
import type { Encoded } from './slipModel';
import { WordProjections } from './wordProjections';
import type { WordVectors } from './wordVectors';

type Head = SlipModelFile['slip'];

/**
 * Every head's weights interleaved in one row per feature, so scoring a message reads each feature's row once
 * instead of once per head (six lookups per feature became one: the heads were a sixth of detection's time).
 */
export interface FusedHeads {
  heads: Array<{ at: number; classes: number }>;
  bias: Float32Array;
  score(encoded: Encoded): Float64Array;
}

/**
 * Words whose image under every head is remembered: the mean word vector's hundred rows touched every head on every
 * message (over a third of the heads' work). 20,000 words of 32 classes: 2.6 MB at most.
 */
const PROJECTIONS_KEPT = 20_000;

/**
 * Fuses the heads over `width` features, the last `dimensions` of them the mean word vector's entries (read word by
 * word when an encoding carries its words: Encoded.dense).
 */
export function fuseHeads(
  width: number,
  heads: Array<Head | undefined>,
  vectors: WordVectors,
  dimensions: number,
): FusedHeads {
  const placed: FusedHeads['heads'] = [];
  let total = 0;
  for (const head of heads) {
    const classes = head?.classes.length ?? 0;
    placed.push({ at: total, classes });
    total += classes;
  }
  const rows = new Float32Array(width * total);
  const bias = new Float32Array(total);
  heads.forEach((head, h) => {
    if (!head) return;
    const { at, classes } = placed[h]!;
    bias.set(head.bias, at);
    for (let f = 0; f < width; f++)
      for (let k = 0; k < classes; k++) rows[f * total + at + k] = head.weights[f * classes + k]!;
  });
  const firstDense = width - dimensions;
  const words = new WordProjections(
    vectors,
    total,
    (unit, out) => {
      for (let d = 0; d < dimensions; d++) {
        const x = unit[d]!;
        if (x === 0) continue;
        const base = (firstDense + d) * total;
        for (let k = 0; k < total; k++) out[k]! += rows[base + k]! * x;
      }
    },
    PROJECTIONS_KEPT,
  );
  return {
    heads: placed,
    bias,
    score({ indices, values, dense }) {
      const z = new Float64Array(total);
      for (let n = 0; n < indices.length; n++) {
        const base = indices[n]! * total;
        const x = values[n]!;
        for (let k = 0; k < total; k++) z[k]! += rows[base + k]! * x;
      }
      if (dense) {
        const sum = words.sum(dense.rows);
        for (let k = 0; k < total; k++) z[k]! += sum[k]! * dense.scale;
      }
      return z;
    },
  };
}
