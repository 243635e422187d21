import { type NgramViewFile, ViewEncoder, viewGrams } from '../ngramView';
import { trainSoftmax } from './softmax';

/** A training message as the view learns from it. */
export interface ViewExample {
  text: string;
  isSlip: boolean;
  /** The category of a slip whose category is known. */
  category?: string;
  /** Words said in another sense, left unread (features.ts). */
  skip?: ReadonlySet<string>;
  /** How much it counts for the slip head. @defaultValue 1 */
  weight?: number;
  /** A guest's review sentence: it trains the slip head at its weight but adds no features of its own. */
  review?: boolean;
}

/**
 * Trains the plain n-gram view (ngramView.ts): the recipe of the n-gram baseline `npm run eval` measures against
 * (L2 1e-4, 30 epochs), over the features seen in at least `minCount` of the staff and written messages. Its category
 * head learns from the slips whose category is known, its slip head (with `slip`) from every message.
 */
export function trainNgramView(
  messages: ViewExample[],
  categories: string[],
  options: { seed: number; minCount?: number; l2?: number; slip?: boolean },
): NgramViewFile {
  const read = messages.filter((m) => options.slip || m.category !== undefined);
  const bags = read.map((m) => (m.review ? undefined : viewGrams(m.text, m.skip)));
  const counts = new Map<string, number>();
  let documents = 0;
  for (const bag of bags) {
    if (!bag) continue;
    documents++;
    for (const name of bag.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const kept = [...counts]
    .filter(([, n]) => n >= (options.minCount ?? 1))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const features = kept.map(([name]) => name);
  const idf = Float32Array.from(kept, ([, n]) => Math.log((1 + documents) / (1 + n)) + 1);
  const encoder = new ViewEncoder(features, idf);
  const encoded = read.map((m) => encoder.encode(m.text, m.skip));
  const settings = { features: features.length, epochs: 30, l2: options.l2 ?? 1e-4, learningRate: 1 };
  const category = trainSoftmax(
    read.flatMap((m, i) => {
      const label = m.category === undefined ? -1 : categories.indexOf(m.category);
      return label >= 0 ? [{ ...encoded[i]!, label }] : [];
    }),
    { ...settings, classes: categories.length, seed: options.seed },
  );
  const slip = options.slip
    ? trainSoftmax(
        read.map((m, i) => ({ ...encoded[i]!, label: m.isSlip ? 1 : 0, weight: m.weight ?? 1 })),
        { ...settings, classes: 2, seed: options.seed + 1 },
      )
    : undefined;
  return {
    features,
    idf,
    category: { classes: categories, bias: category.bias, weights: category.weights },
    ...(slip ? { slip: { classes: ['not_slip', 'slip'], bias: slip.bias, weights: slip.weights } } : {}),
  };
}
