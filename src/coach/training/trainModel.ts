import { SEVERITIES } from '../../playbook/schema';
import type { MessageReading } from '../messageReading';
import type { SlipModelFile } from '../modelFiles';
import type { Prototypes } from '../prototypes';
import { type Encoded, encodeFeatures } from '../slipModel';
import { acceptableCategories, type LabelledMessage } from './corpus';
import { dotGeneric, genericEvidence, scaleGeneric, trainGeneric } from './genericEvidence';
import { HYPER } from './hyper';
import { type LinearModel, logits, trainSoftmax } from './softmax';
import { trainNgramView } from './trainNgramView';

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
  /**
   * A sparse feature must occur in this many messages to be kept. A feature seen in only two of ~4,700 messages costs
   * memory in every web role and, measured by cross-validation, buys nothing (at three against two: staff F1 0.882 →
   * 0.881, category 78.4% → 79.8%, MAMS F1 0.827 → 0.825). @defaultValue 3
   */
  minCount?: number;
  /** Decision threshold on the slip probability. @defaultValue 0.5 */
  threshold?: number;
  /** Optimiser settings, chosen by cross-validation (see `npm run eval`). */
  hyper?: Partial<typeof HYPER>;
}

/** Trains the three heads on prepared messages and returns the model file (without writing it). */
export function trainSlipModel(data: PreparedMessage[], options: TrainModelOptions): SlipModelFile {
  const hyper = { ...HYPER, ...options.hyper };
  const { features, documents } = vocabulary(data, options.minCount ?? 3);
  const index = new Map(features.map((name, i) => [name, i]));
  const width = features.length + options.dimensions;
  const idf = hyper.idf ? Float32Array.from(documents, (n) => Math.log((1 + data.length) / (1 + n)) + 1) : undefined;
  const weighting = { groups: hyper.groups, idf };
  const encode = (m: PreparedMessage) => encodeFeatures(m.reading.features, index, options.dimensions, weighting);
  const encoded = data.map(encode);
  // the project's written examples count as much as a staff message (at half: staff F1 0.905 → 0.905, MAMS 0.809 →
  // 0.812, measured with 877 of them)
  const weightOf = (m: PreparedMessage) => (m.message.source === 'mams' ? hyper.reviewWeight : 1);

  const withCopy = (e: Encoded, m: PreparedMessage): Encoded => {
    if (!hyper.domainCopy || m.message.source !== 'mams') return e;
    return reviewCopy(e, width, hyper.domainCopy);
  };
  const slipFull = trainSoftmax(
    data.map((m, i) => ({ ...withCopy(encoded[i]!, m), label: m.message.isSlip ? 1 : 0, weight: weightOf(m) })),
    {
      classes: 2,
      features: hyper.domainCopy ? 2 * width + 1 : width,
      seed: options.seed,
      epochs: hyper.slipEpochs,
      l2: hyper.slipL2,
      learningRate: hyper.slipRate,
    },
  );
  const slip = hyper.domainCopy
    ? splitCopy(slipFull, width, ['not_slip', 'slip'])
    : { general: head(['not_slip', 'slip'], slipFull), review: undefined };
  // how much a message reads like a guest's review (and not a staff message): gates the review heads
  const register =
    hyper.domainCopy > 0 || hyper.reviewCategories
      ? trainSoftmax(
          data.map((m, i) => ({ ...encoded[i]!, label: m.message.source === 'mams' ? 1 : 0 })),
          { classes: 2, features: width, seed: options.seed + 3, epochs: 20, l2: hyper.registerL2, learningRate: 1 },
        )
      : undefined;

  // what a message is about is in its words and word vectors; the signals (sentiment, shapes, the rules' verdict)
  // say whether it is a slip, and only add noise to which kind (measured: 69% vs 77% category accuracy)
  const topical = new Set(features.flatMap((name, i) => (/^[wbc]:/.test(name) ? [i] : [])));
  const categorised = data.flatMap((m, i) => {
    const k = m.message.category ? options.categories.indexOf(m.message.category) : -1;
    return k >= 0 ? [{ m, encoded: onlyTopical(encoded[i]!, topical, features.length), k }] : [];
  });
  // a review sentence with a complaint says which aspects it is about, not the one category: it teaches the head that
  // the answer is one of the categories its aspects map to (a partial label), at the reviews' weight
  const partial = hyper.reviewCategories
    ? data.flatMap((m, i) => {
        if (m.message.source !== 'mams' || !m.message.isSlip) return [];
        const accept = [...acceptableCategories(m.message.labels)]
          .map((id) => options.categories.indexOf(id))
          .filter((k) => k >= 0);
        return accept.length > 0 && accept.length < options.categories.length
          ? [{ m, encoded: onlyTopical(encoded[i]!, topical, features.length), accept: Int32Array.from(accept) }]
          : [];
      })
    : [];
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
  const offsetOf = (m: PreparedMessage) =>
    Float32Array.from(
      options.categories.map(
        (id, k) => generic.bias[k]! + dotGeneric(generic, genericEvidence(m.reading, id, options.prototypes)),
      ),
    );
  const categoryOptions = {
    classes: options.categories.length,
    features: width,
    epochs: hyper.categoryEpochs,
    l2: hyper.categoryL2,
    learningRate: hyper.categoryRate,
    fitBias: false,
  };
  const general = trainSoftmax(
    categorised.map((c) => ({ ...c.encoded, label: c.k, offset: offsetOf(c.m) })),
    { ...categoryOptions, seed: options.seed + 1 },
  );
  // the review sentences' partial labels train a head of their own, over what the staff-trained head already says:
  // reviews name aspects ("the service", "the food") in a way staff messages do not, and must not blur those
  const reviewCategory =
    register && partial.length > 0
      ? trainSoftmax(
          partial.map((c) => {
            const offset = offsetOf(c.m);
            const z = logits(
              c.encoded,
              general.weights,
              general.bias,
              1,
              offset.length,
              new Float64Array(offset.length),
            );
            for (let k = 0; k < offset.length; k++) offset[k]! += z[k]!;
            return { ...c.encoded, label: -1, accept: c.accept, offset };
          }),
          { ...categoryOptions, seed: options.seed + 4, l2: hyper.reviewCategoryL2, fitBias: true },
        )
      : undefined;
  const category = {
    general: head(options.categories, general, generic.bias),
    review: reviewCategory ? head(options.categories, reviewCategory) : undefined,
  };

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

  const view = hyper.ngramView
    ? trainNgramView(
        data.map((m) => ({
          text: m.reading.normalized,
          isSlip: m.message.isSlip,
          category: m.message.category,
          skip: m.reading.features.figurative,
          weight: weightOf(m),
          review: m.message.source === 'mams',
        })),
        options.categories,
        {
          seed: options.seed + 5,
          minCount: hyper.ngramViewMinCount,
          l2: hyper.ngramViewL2,
          slip: hyper.ngramViewSlip,
        },
      )
    : undefined;

  const counts: Record<string, number> = {};
  for (const m of data) counts[m.message.source] = (counts[m.message.source] ?? 0) + 1;
  return {
    format: 'slip-model/1',
    version: options.version,
    seed: options.seed,
    features,
    dimensions: options.dimensions,
    threshold: options.threshold ?? 0.5,
    slip: slip.general,
    ...(register
      ? {
          review: {
            register: head(['staff', 'review'], register),
            scale: hyper.domainCopy,
            ...(slip.review ? { slip: slip.review } : {}),
            ...(category.review
              ? {
                  category: category.review,
                  categoryWithin: options.categories.filter((_, k) => partial.some((c) => c.accept.includes(k))),
                }
              : {}),
          },
        }
      : {}),
    category: {
      ...category.general,
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
    ...(hyper.groups ? { groups: hyper.groups } : {}),
    ...(idf ? { idf } : {}),
    ...(view ? { view } : {}),
  };
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

/** Sparse features seen in at least `minCount` messages, sorted for a stable file, with how many messages had each. */
function vocabulary(data: PreparedMessage[], minCount: number): { features: string[]; documents: number[] } {
  const counts = new Map<string, number>();
  for (const m of data)
    for (const name of m.reading.features.sparse.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { features: kept.map(([name]) => name), documents: kept.map(([, n]) => n) };
}

function head(classes: string[], model: LinearModel, bias?: Float32Array<ArrayBuffer>) {
  return { classes, bias: bias ?? model.bias, weights: model.weights };
}

function median(values: Float32Array): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}

/** The example with a second copy of its features (scaled) after the first `width`, and a bias feature after that. */
function reviewCopy(e: Encoded, width: number, scale: number): Encoded {
  const n = e.indices.length;
  const indices = new Int32Array(2 * n + 1);
  const values = new Float32Array(2 * n + 1);
  indices.set(e.indices);
  values.set(e.values);
  for (let j = 0; j < n; j++) {
    indices[n + j] = width + e.indices[j]!;
    values[n + j] = e.values[j]! * scale;
  }
  indices[2 * n] = 2 * width;
  values[2 * n] = 1;
  return { indices, values };
}

/** Splits weights trained over [features, review copy, review bias] into the general head and the review head. */
function splitCopy(model: LinearModel, width: number, classes: string[], bias?: Float32Array<ArrayBuffer>) {
  const K = model.classes;
  return {
    general: head(classes, { ...model, features: width, weights: model.weights.slice(0, width * K) }, bias),
    review: head(classes, {
      classes: K,
      features: width,
      weights: model.weights.slice(width * K, 2 * width * K),
      bias: model.weights.slice(2 * width * K, (2 * width + 1) * K),
    }),
  };
}
