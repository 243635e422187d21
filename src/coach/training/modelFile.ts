import type { SlipModelFile } from '../modelFiles';

/**
 * The model as written to disk: the JSON file (classes, feature names, settings) with every float32 array replaced
 * by `{ at, length }` into the weights file, which holds them all, little-endian, one after another. Loading then
 * views the weights in place instead of decoding text (modelFiles.ts).
 */
export function serializeModelFile(file: SlipModelFile): { json: string; weights: Buffer } {
  const arrays: Float32Array[] = [];
  let at = 0;
  const ref = (a: Float32Array) => {
    arrays.push(a);
    const out = { at, length: a.length };
    at += a.length;
    return out;
  };
  const head = (h: { classes: string[]; bias: Float32Array; weights: Float32Array }) => ({
    classes: h.classes,
    bias: ref(h.bias),
    weights: ref(h.weights),
  });
  const json = `${JSON.stringify({
    ...file,
    slip: head(file.slip),
    category: { ...head(file.category), generic: file.category.generic },
    severity: head(file.severity),
    ...(file.idf ? { idf: ref(file.idf) } : {}),
    ...(file.view
      ? {
          view: {
            features: file.view.features,
            idf: ref(file.view.idf),
            category: head(file.view.category),
            ...(file.view.slip ? { slip: head(file.view.slip) } : {}),
          },
        }
      : {}),
    ...(file.review
      ? {
          review: {
            register: head(file.review.register),
            scale: file.review.scale,
            ...(file.review.slip ? { slip: head(file.review.slip) } : {}),
            ...(file.review.category ? { category: head(file.review.category) } : {}),
            ...(file.review.categoryWithin ? { categoryWithin: file.review.categoryWithin } : {}),
          },
        }
      : {}),
  })}\n`;
  // the arrays' own bytes (little-endian, as the loader reads them: Node runs little-endian everywhere it ships)
  const weights = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  return { json, weights };
}
