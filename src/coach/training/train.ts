import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODEL_DIR, MODEL_FILE, VECTORS_FILE, WEIGHTS_FILE } from '../modelFiles';
import { spanishGloss } from '../spanish';
import { sharedTokenizer } from '../tokenizer';
import { type LabelledMessage, mamsCorpus, ownExamples, playbookExamples, sharedDataDir, staffCorpus } from './corpus';
import { buildWordVectors } from './embeddingSource';
import { serializeModelFile } from './modelFile';
import { playbookPrototypes, prepareMessages, trainedCategories, trainingPlaybook } from './prepare';
import { trainSlipModel } from './trainModel';

/** How many of the most frequent English words ship with the model, besides every word in the training data. */
export const SHIPPED_WORDS = 40_000;
export const SEED = 20261129;

/** Everything the shipped model trains on. */
export function trainingCorpus(dir = sharedDataDir()): LabelledMessage[] {
  return [...staffCorpus(dir), ...mamsCorpus(dir), ...ownExamples(), ...playbookExamples(trainingPlaybook())];
}

/** `npm run train`: rebuilds models/word-vectors.bin, slip-model.json and slip-model.weights from the data, reproducibly. */
function main(): void {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const corpus = trainingCorpus();
  const staff = corpus.filter((m) => m.source === 'staff').length;
  if (staff === 0) throw new Error(`no staff corpus found under ${sharedDataDir()} (set RECOVERY_COACH_DATA)`);
  log(`corpus: ${corpus.length} messages (${staff} staff)`);
  const needed = new Set<string>();
  const tokenizer = sharedTokenizer();
  for (const m of corpus)
    for (const t of tokenizer.tokenize(m.text.toLowerCase())) {
      needed.add(t.normal);
      needed.add(t.lemma);
      const gloss = spanishGloss(t.normal);
      if (gloss) needed.add(gloss);
    }
  const vectors = buildWordVectors(needed, SHIPPED_WORDS, log);
  log(`word vectors: ${vectors.size} words × ${vectors.dimensions}`);
  const prepared = prepareMessages(corpus, vectors);
  const playbook = trainingPlaybook();
  const file = trainSlipModel(prepared, {
    categories: trainedCategories(playbook),
    prototypes: playbookPrototypes(vectors, playbook),
    dimensions: vectors.dimensions,
    seed: SEED,
    version: 'pending',
  });
  const draft = serializeModelFile(file);
  file.version = `1.${createHash('sha256').update(draft.json).update(draft.weights).digest('hex').slice(0, 10)}`;
  const written = serializeModelFile(file);
  mkdirSync(MODEL_DIR, { recursive: true });
  writeFileSync(resolve(MODEL_DIR, VECTORS_FILE), vectors.toBuffer());
  writeFileSync(resolve(MODEL_DIR, WEIGHTS_FILE), written.weights);
  writeFileSync(resolve(MODEL_DIR, MODEL_FILE), written.json);
  log(`model ${file.version}: ${file.features.length} features; written to ${MODEL_DIR} in ${Date.now() - started} ms`);
}

if (require.main === module) main();
