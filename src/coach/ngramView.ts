/**
 * A second, plainer reading of what a slip is about: the message's own words, word pairs and letter 4- and 5-grams
 * (no lemmas, no word vectors, no rules), sublinear tf × idf, with its own category head trained more strongly
 * regularised than the model's. The detector adds its scores to the model's (a product of the two opinions): they
 * err on different messages. Measured by 5-fold CV on the staff corpus, category right on slips caught: the model
 * alone 84.6%, this view alone 85.2%, the two together 87.4%.
 */

/** The view as the model file stores it: its feature names, their idf and one weight row per feature. */
export interface NgramViewFile {
  features: string[];
  idf: Float32Array<ArrayBuffer>;
  category: { classes: string[]; bias: Float32Array<ArrayBuffer>; weights: Float32Array<ArrayBuffer> };
}

const SIZES = [4, 5];
const WORD = /[\p{L}\p{N}']+/gu;

/** A message as the view reads it: every feature name with its count. */
export function viewGrams(text: string, skip?: ReadonlySet<string>): Map<string, number> {
  const bag = new Map<string, number>();
  const add = (name: string) => bag.set(name, (bag.get(name) ?? 0) + 1);
  let previous: string | undefined;
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (skip?.has(word)) continue;
    add(`w:${word}`);
    if (previous !== undefined) add(`b:${previous}_${word}`);
    previous = word;
    for (const gram of gramsOf(word)) add(gram);
  }
  return bag;
}

/** A word's letter n-grams with its edges marked, remembered (bounded): the same words come back all day. */
const GRAMS = new Map<string, readonly string[]>();
const GRAMS_KEPT = 20_000;

function gramsOf(word: string): readonly string[] {
  let grams = GRAMS.get(word);
  if (grams) return grams;
  const made: string[] = [];
  if (word.length <= 30) {
    const padded = `<${word}>`;
    for (const n of SIZES) for (let i = 0; i + n <= padded.length; i++) made.push(`c:${padded.slice(i, i + n)}`);
  }
  grams = made;
  if (GRAMS.size >= GRAMS_KEPT) GRAMS.clear();
  GRAMS.set(word, grams);
  return grams;
}

/** Sparse features as indices into the view's rows, each group (words and pairs; letters) at unit length. */
export function encodeView(
  bag: Map<string, number>,
  index: Map<string, number>,
  idf: ArrayLike<number>,
): { indices: Int32Array; values: Float32Array } {
  const indices = new Int32Array(bag.size);
  const values = new Float32Array(bag.size);
  const letters = new Uint8Array(bag.size);
  const norms = [0, 0];
  let n = 0;
  for (const [name, count] of bag) {
    const i = index.get(name);
    if (i === undefined) continue;
    const value = (1 + Math.log(count)) * idf[i]!;
    const group = name.charCodeAt(0) === 99 ? 1 : 0;
    indices[n] = i;
    values[n] = value;
    letters[n++] = group;
    norms[group]! += value * value;
  }
  const scale = norms.map((norm) => (norm > 0 ? 1 / Math.sqrt(norm) : 1));
  for (let k = 0; k < n; k++) values[k]! *= scale[letters[k]!]!;
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

export class NgramView {
  private readonly index: Map<string, number>;
  /** Per word, the view's rows for the word itself (first, -1 if unknown) and for its known letter n-grams. */
  private readonly wordRows = new Map<string, Int32Array>();
  /** 1 for a letter n-gram's row, 0 for a word's or a pair's: the two groups are scaled to unit length apart. */
  private readonly letters: Uint8Array;
  /** Scratch for one message (reads are synchronous): each row's count, and the rows counted. */
  private readonly counts: Uint32Array;
  private touched: Int32Array = new Int32Array(256);

  constructor(readonly file: NgramViewFile) {
    const { features, idf, category } = file;
    if (idf.length !== features.length)
      throw new Error(`the view's idf has ${idf.length} entries for ${features.length}`);
    if (category.weights.length !== features.length * category.classes.length)
      throw new Error(`the view's category head does not match its ${features.length} features`);
    this.index = new Map(features.map((name, i) => [name, i]));
    this.letters = Uint8Array.from(features, (name) => (name.charCodeAt(0) === 99 ? 1 : 0));
    this.counts = new Uint32Array(features.length);
  }

  /**
   * The view's score per category it knows, in `classes` order. Reads the same features as `viewGrams` and
   * `encodeView` without naming each one: a word's rows are looked up once and remembered, and only word pairs are
   * named per message. Counts go into a scratch array, not a Map (a third of the view's time went to the Map).
   */
  categoryLogits(text: string, skip?: ReadonlySet<string>): Float64Array {
    return this.score(this.countRows(text, skip));
  }

  /** Counts the message's rows into the scratch array; returns how many distinct rows it touched. */
  private countRows(text: string, skip: ReadonlySet<string> | undefined): number {
    let touched = 0;
    let previous: string | undefined;
    for (const word of text.toLowerCase().match(WORD) ?? []) {
      if (skip?.has(word)) continue;
      const rows = this.rowsOf(word);
      if (previous !== undefined) {
        const pair = this.index.get(`b:${previous}_${word}`);
        if (pair !== undefined) touched = this.count(pair, touched);
      }
      previous = word;
      for (let j = rows[0]! >= 0 ? 0 : 1; j < rows.length; j++) touched = this.count(rows[j]!, touched);
    }
    return touched;
  }

  /** Sublinear tf × idf, each group at unit length, times the head; clears the scratch array as it goes. */
  private score(touched: number): Float64Array {
    const { counts, letters } = this;
    const idf = this.file.idf;
    let wordNorm = 0;
    let letterNorm = 0;
    for (let t = 0; t < touched; t++) {
      const row = this.touched[t]!;
      const value = (1 + Math.log(counts[row]!)) * idf[row]!;
      if (letters[row] === 1) letterNorm += value * value;
      else wordNorm += value * value;
    }
    const wordScale = wordNorm > 0 ? 1 / Math.sqrt(wordNorm) : 1;
    const letterScale = letterNorm > 0 ? 1 / Math.sqrt(letterNorm) : 1;
    const { bias, weights } = this.file.category;
    const K = bias.length;
    const z = new Float64Array(K);
    for (let k = 0; k < K; k++) z[k] = bias[k]!;
    for (let t = 0; t < touched; t++) {
      const row = this.touched[t]!;
      const x = (1 + Math.log(counts[row]!)) * idf[row]! * (letters[row] === 1 ? letterScale : wordScale);
      counts[row] = 0;
      const base = row * K;
      for (let k = 0; k < K; k++) z[k]! += weights[base + k]! * x;
    }
    return z;
  }

  /** The category ids the view scores, in the order `categoryLogits` gives them. */
  get classes(): string[] {
    return this.file.category.classes;
  }

  private count(row: number, touched: number): number {
    if (this.counts[row]!++ !== 0) return touched;
    if (touched === this.touched.length) this.touched = growInt32(this.touched);
    this.touched[touched] = row;
    return touched + 1;
  }

  private rowsOf(word: string): Int32Array {
    let rows = this.wordRows.get(word);
    if (rows) return rows;
    const found = [this.index.get(`w:${word}`) ?? -1];
    for (const gram of gramsOf(word)) {
      const row = this.index.get(gram);
      if (row !== undefined) found.push(row);
    }
    rows = Int32Array.from(found);
    if (this.wordRows.size >= GRAMS_KEPT) this.wordRows.clear();
    this.wordRows.set(word, rows);
    return rows;
  }
}

function growInt32(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
