import { type NgramViewFile, ViewEncoder, viewGrams } from '../ngramView';
import { trainSoftmax } from './softmax';

/**
 * Trains the plain n-gram view's category head (ngramView.ts) on the messages whose category is known: the recipe of
 * the n-gram baseline `npm run eval` measures against (L2 1e-4, 30 epochs), over the features seen in at least
 * `minCount` of them.
 */
export function trainNgramView(
  messages: Array<{ text: string; category: string; skip?: ReadonlySet<string> }>,
  categories: string[],
  options: { seed: number; minCount?: number; l2?: number },
): NgramViewFile {
  const bags = messages.map((m) => viewGrams(m.text, m.skip));
  const counts = new Map<string, number>();
  for (const bag of bags) for (const name of bag.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  const kept = [...counts]
    .filter(([, n]) => n >= (options.minCount ?? 1))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const features = kept.map(([name]) => name);
  const idf = Float32Array.from(kept, ([, n]) => Math.log((1 + messages.length) / (1 + n)) + 1);
  const encoder = new ViewEncoder(features, idf);
  const examples = messages.flatMap((m) => {
    const label = categories.indexOf(m.category);
    return label >= 0 ? [{ ...encoder.encode(m.text, m.skip), label }] : [];
  });
  const head = trainSoftmax(examples, {
    classes: categories.length,
    features: features.length,
    epochs: 30,
    l2: options.l2 ?? 1e-4,
    learningRate: 1,
    seed: options.seed,
  });
  return { features, idf, category: { classes: categories, bias: head.bias, weights: head.weights } };
}
