import Sentiment from 'sentiment';
import { Detector } from '../../src/coach/detector';
import type { Prototypes } from '../../src/coach/prototypes';
import { SlipModel } from '../../src/coach/slipModel';
import type { LabelledMessage } from '../../src/coach/training/corpus';
import { HYPER } from '../../src/coach/training/hyper';
import { mulberry32, shuffle } from '../../src/coach/training/softmax';
import type { PreparedMessage } from '../../src/coach/training/trainModel';
import { trainSlipModel } from '../../src/coach/training/trainModel';
import type { WordVectors } from '../../src/coach/wordVectors';
import type { Playbook } from '../../src/playbook/schema';
import { NgramBaseline } from './ngramBaseline';

/** One classifier's answer for one held-out message. */
export interface Prediction {
  isSlip: boolean;
  category?: string;
  severity?: string;
}

export interface FoldResult {
  message: LabelledMessage;
  ours: Prediction;
  ngram: Prediction;
  lexicon: Prediction;
}

/** Assigns each message a fold, stratified by its label so every fold has every category. */
export function assignFolds(messages: LabelledMessage[], folds: number, seed: number): number[] {
  const byLabel = new Map<string, number[]>();
  messages.forEach((m, i) => {
    const key = m.isSlip ? (m.category ?? 'slip') : 'none';
    byLabel.set(key, [...(byLabel.get(key) ?? []), i]);
  });
  const out = new Array<number>(messages.length).fill(0);
  const random = mulberry32(seed);
  let next = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const list = byLabel.get(key)!;
    shuffle(list, random);
    for (const i of list) out[i] = next++ % folds;
  }
  return out;
}

/**
 * K-fold cross-validation: each scored message is predicted by a detector trained without it (and without the rest
 * of its fold). `always` is in every training set and never scored (the project's own examples, the playbook's).
 */
export function crossValidate(input: {
  scored: PreparedMessage[];
  always: PreparedMessage[];
  folds: number;
  seed: number;
  playbook: Playbook;
  categories: string[];
  prototypes: Prototypes;
  vectors: WordVectors;
}): FoldResult[] {
  const fold = assignFolds(
    input.scored.map((p) => p.message),
    input.folds,
    input.seed,
  );
  const results: FoldResult[] = [];
  for (let k = 0; k < input.folds; k++) {
    const train = [...input.scored.filter((_, i) => fold[i] !== k), ...input.always];
    const test = input.scored.filter((_, i) => fold[i] === k);
    const file = trainSlipModel(train, {
      categories: input.categories,
      prototypes: input.prototypes,
      dimensions: input.vectors.dimensions,
      seed: input.seed + k,
      version: `cv-${k}`,
    });
    const detector = new Detector(input.playbook, { model: new SlipModel(file, input.vectors) });
    const ngram = new NgramBaseline(input.categories).train(
      train.map((p) => ({ ...p.message, weight: p.message.source === 'mams' ? HYPER.reviewWeight : 1 })),
    );
    for (const p of test) {
      const d = detector.detect(p.message.text);
      results.push({
        message: p.message,
        ours: { isSlip: d.isSlip, category: d.categoryId, severity: d.severity },
        ngram: ngram.predict(p.message.text),
        lexicon: lexiconReads(p.message.text),
      });
    }
  }
  return results;
}

const LEXICON = new Sentiment();

/** The lexicon baseline: a message is a slip when the `sentiment` package scores it below zero. */
export function lexiconReads(text: string): Prediction {
  return { isSlip: LEXICON.analyze(text).score < 0 };
}
