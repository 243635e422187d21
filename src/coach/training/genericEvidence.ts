import type { MessageReading } from '../messageReading';
import type { Prototypes } from '../prototypes';
import type { GenericEvidence } from '../slipModel';
import { mulberry32, shuffle, softmaxInPlace } from './softmax';

export function genericEvidence(reading: MessageReading, category: string, prototypes: Prototypes): GenericEvidence {
  return { rule: reading.rules.scores.get(category) ?? 0, ...prototypes.evidence(category, reading.features.dense) };
}

export interface Generic {
  rule: number;
  simMax: number;
  simMean: number;
  bias: Float32Array<ArrayBuffer>;
}

export function dotGeneric(g: Generic, e: GenericEvidence): number {
  return g.rule * e.rule + g.simMax * e.simMax + g.simMean * e.simMean;
}

/**
 * The part of a category's score that works for any category: one weight each for the rules' score and the
 * similarity to the category's examples, shared by all categories, plus a bias per category. Fitted first and on its
 * own, so a manager's new category (which has only this part) is scored on the same scale as the trained ones.
 */
export function trainGeneric(evidence: GenericEvidence[][], labels: number[], seed: number): Generic {
  const K = evidence[0]?.length ?? 0;
  const g: Generic = { rule: 0, simMax: 0, simMean: 0, bias: new Float32Array(K) };
  const random = mulberry32(seed + 7);
  const order = labels.map((_, i) => i);
  const z = new Float64Array(K);
  const epochs = 60;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const rate = 0.1 / (1 + (4 * step++) / (epochs * order.length));
      const row = evidence[i]!;
      for (let k = 0; k < K; k++) z[k] = g.bias[k]! + dotGeneric(g, row[k]!);
      softmaxInPlace(z);
      let dRule = 0;
      let dMax = 0;
      let dMean = 0;
      for (let k = 0; k < K; k++) {
        const err = z[k]! - (k === labels[i] ? 1 : 0);
        dRule += err * row[k]!.rule;
        dMax += err * row[k]!.simMax;
        dMean += err * row[k]!.simMean;
        g.bias[k]! -= rate * (err + 1e-3 * g.bias[k]!);
      }
      g.rule -= rate * dRule;
      g.simMax -= rate * dMax;
      g.simMean -= rate * dMean;
    }
  }
  return g;
}

export function scaleGeneric(g: Generic, factor: number): Generic {
  if (factor === 1) return g;
  return {
    rule: g.rule * factor,
    simMax: g.simMax * factor,
    simMean: g.simMean * factor,
    bias: g.bias.map((b) => b * factor),
  };
}
