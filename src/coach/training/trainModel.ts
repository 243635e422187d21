import { SEVERITIES } from '../../playbook/schema';
import type { MessageReading } from '../messageReading';
import type { Prototypes } from '../prototypes';
import { type Encoded, encodeFeatures, type GenericEvidence, type SlipModelFile } from '../slipModel';
import type { LabelledMessage } from './corpus';
import { type LinearModel, mulberry32, shuffle, softmaxInPlace, trainSoftmax } from './softmax';

/** A labelled message with its reading already computed (tokenising is the slow part; folds share it). */
export interface PreparedMessage {
  message: LabelledMessage;
  reading: MessageReading;
}

export interface TrainModelOptions {
  /** Category ids the category head learns, in order. */
  categories: string[];
  /** Each category's example messages, read: the prototypes the generic evidence compares against. */
  prototypes: Prototypes;
  dimensions: number;
  seed: number;
  version: string;
  /** A sparse feature must occur in this many messages to be kept. @defaultValue 2 */
  minCount?: number;
  /** Decision threshold on the slip probability. @defaultValue 0.5 */
  threshold?: number;
  /** Optimiser settings, chosen by cross-validation (see `npm run eval`). */
  hyper?: Partial<typeof HYPER>;
}

/** Optimiser settings chosen by 5-fold cross-validation on the staff corpus. */
export const HYPER = {
  slipL2: 1e-5,
  slipEpochs: 30,
  slipRate: 1,
  categoryL2: 1e-5,
  categoryEpochs: 40,
  categoryRate: 2,
  severityL2: 3e-4,
  generic: 0.5,
  reviewWeight: 0.25,
};

/** Trains the three heads on prepared messages and returns the model file (without writing it). */
export function trainSlipModel(data: PreparedMessage[], options: TrainModelOptions): SlipModelFile {
  const hyper = { ...HYPER, ...options.hyper };
  const features = vocabulary(data, options.minCount ?? 2);
  const index = new Map(features.map((name, i) => [name, i]));
  const width = features.length + options.dimensions;
  const encode = (m: PreparedMessage) => encodeFeatures(m.reading.features, index, options.dimensions);
  const encoded = data.map(encode);
  const weightOf = (m: PreparedMessage) => (m.message.source === 'mams' ? hyper.reviewWeight : 1);

  const slip = trainSoftmax(
    data.map((m, i) => ({ ...encoded[i]!, label: m.message.isSlip ? 1 : 0, weight: weightOf(m) })),
    {
      classes: 2,
      features: width,
      seed: options.seed,
      epochs: hyper.slipEpochs,
      l2: hyper.slipL2,
      learningRate: hyper.slipRate,
    },
  );

  // what a message is about is in its words and word vectors; the signals (sentiment, shapes, the rules' verdict)
  // say whether it is a slip, and only add noise to which kind (measured: 69% vs 77% category accuracy)
  const topical = new Set(features.flatMap((name, i) => (/^[wbc]:/.test(name) ? [i] : [])));
  const categorised = data.flatMap((m, i) => {
    const k = m.message.category ? options.categories.indexOf(m.message.category) : -1;
    return k >= 0 ? [{ m, encoded: onlyTopical(encoded[i]!, topical, features.length), k }] : [];
  });
  const evidence = categorised.map(({ m }) =>
    options.categories.map((id) => genericEvidence(m.reading, id, options.prototypes)),
  );
  const generic = scaleGeneric(
    trainGeneric(
      evidence,
      categorised.map((c) => c.k),
      options.seed,
    ),
    hyper.generic,
  );
  const category = trainSoftmax(
    categorised.map((c, i) => ({
      ...c.encoded,
      label: c.k,
      offset: Float32Array.from(evidence[i]!.map((e, k) => generic.bias[k]! + dotGeneric(generic, e))),
    })),
    {
      classes: options.categories.length,
      features: width,
      seed: options.seed + 1,
      epochs: hyper.categoryEpochs,
      l2: hyper.categoryL2,
      learningRate: hyper.categoryRate,
      fitBias: false,
    },
  );

  const rated = data.flatMap((m, i) => {
    const k = m.message.severity ? SEVERITIES.indexOf(m.message.severity) : -1;
    return m.message.isSlip && k >= 0 ? [{ ...encoded[i]!, label: k }] : [];
  });
  const severity = trainSoftmax(rated, {
    classes: SEVERITIES.length,
    features: width,
    seed: options.seed + 2,
    epochs: 20,
    l2: hyper.severityL2,
  });

  const counts: Record<string, number> = {};
  for (const m of data) counts[m.message.source] = (counts[m.message.source] ?? 0) + 1;
  return {
    format: 'slip-model/1',
    version: options.version,
    seed: options.seed,
    features,
    dimensions: options.dimensions,
    threshold: options.threshold ?? 0.5,
    slip: head(['not_slip', 'slip'], slip),
    category: {
      ...head(options.categories, category, generic.bias),
      generic: {
        rule: generic.rule,
        simMax: generic.simMax,
        simMean: generic.simMean,
        bias: median(generic.bias),
        alone: 1 / hyper.generic,
      },
    },
    severity: head([...SEVERITIES], severity),
    trainedOn: counts,
  };
}

export function genericEvidence(reading: MessageReading, category: string, prototypes: Prototypes): GenericEvidence {
  return { rule: reading.rules.scores.get(category) ?? 0, ...prototypes.evidence(category, reading.features.dense) };
}

interface Generic {
  rule: number;
  simMax: number;
  simMean: number;
  bias: Float32Array<ArrayBuffer>;
}

function dotGeneric(g: Generic, e: GenericEvidence): number {
  return g.rule * e.rule + g.simMax * e.simMax + g.simMean * e.simMean;
}

/**
 * The part of a category's score that works for any category: one weight each for the rules' score and the
 * similarity to the category's examples, shared by all categories, plus a bias per category. Fitted first and on its
 * own, so a manager's new category (which has only this part) is scored on the same scale as the trained ones.
 */
function trainGeneric(evidence: GenericEvidence[][], labels: number[], seed: number): Generic {
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

function onlyTopical(encoded: Encoded, topical: Set<number>, sparseCount: number): Encoded {
  const keep: number[] = [];
  encoded.indices.forEach((i, n) => {
    if (i >= sparseCount || topical.has(i)) keep.push(n);
  });
  return {
    indices: Int32Array.from(keep.map((n) => encoded.indices[n]!)),
    values: Float32Array.from(keep.map((n) => encoded.values[n]!)),
  };
}

function scaleGeneric(g: Generic, factor: number): Generic {
  if (factor === 1) return g;
  return {
    rule: g.rule * factor,
    simMax: g.simMax * factor,
    simMean: g.simMean * factor,
    bias: g.bias.map((b) => b * factor),
  };
}

/** Sparse features seen in at least `minCount` messages, sorted for a stable file. */
function vocabulary(data: PreparedMessage[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const m of data)
    for (const name of m.reading.features.sparse.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .map(([name]) => name)
    .sort();
}

function head(classes: string[], model: LinearModel, bias?: Float32Array<ArrayBuffer>) {
  return { classes, bias: bias ?? model.bias, weights: model.weights };
}

function median(values: Float32Array): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}
