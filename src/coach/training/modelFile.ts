import type { SlipModelFile } from '../slipModel';

/** The model file as written to disk: typed arrays as base64 of their little-endian bytes. */
export function serializeModelFile(file: SlipModelFile): string {
  const b64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  const head = (h: { classes: string[]; bias: Float32Array; weights: Float32Array }) => ({
    classes: h.classes,
    bias: b64(h.bias),
    weights: b64(h.weights),
  });
  return `${JSON.stringify({
    ...file,
    slip: head(file.slip),
    category: { ...head(file.category), generic: file.category.generic },
    severity: head(file.severity),
    ...(file.idf ? { idf: b64(file.idf) } : {}),
    ...(file.review
      ? {
          review: {
            register: head(file.review.register),
            scale: file.review.scale,
            ...(file.review.slip ? { slip: head(file.review.slip) } : {}),
            ...(file.review.category ? { category: head(file.review.category) } : {}),
          },
        }
      : {}),
  })}\n`;
}
