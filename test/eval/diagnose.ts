/**
 * Error analysis for the detector: the same 5 folds as `npm run eval`, writing every held-out message's gold label,
 * the detector's answer, the model's own probability and top category, and which second opinion fired, as JSON
 * (OUT, default /tmp/diagnose.json). HYPER='{"..."}' overrides trainModel's HYPER for an experiment; FOLDSEED (default
 * 7, as `npm run eval`) draws other folds and training seeds, to tell a change from the ±0.005 a seed moves F1.
 */
import { Detector } from '../../src/coach/detector';
import { loadSlipModel } from '../../src/coach/modelFiles';
import { namedByRules, rulesDecideShort, vetoedByRules } from '../../src/coach/secondOpinions';
import { SlipModel } from '../../src/coach/slipModel';
import { mamsCorpus, ownExamples, playbookExamples, staffCorpus } from '../../src/coach/training/corpus';
import {
  playbookPrototypes,
  prepareMessages,
  trainedCategories,
  trainingPlaybook,
} from '../../src/coach/training/prepare';
import { trainSlipModel } from '../../src/coach/training/trainModel';
import { activeCategories } from '../../src/playbook/schema';
import { acceptableCategories, type MamsSentence } from './aspects';
import { assignFolds } from './crossValidation';

const t0 = Date.now();
const FOLD_SEED = Number(process.env.FOLDSEED ?? 7);
const shipped = loadSlipModel();
const playbook = trainingPlaybook();
const staff = staffCorpus();
const mams = mamsCorpus();
const scored = prepareMessages([...staff, ...mams], shipped.vectors, playbook);
const always = prepareMessages([...ownExamples(), ...playbookExamples(playbook)], shipped.vectors, playbook);
console.log('prepared', Date.now() - t0);
const categories = trainedCategories(playbook);
const prototypes = playbookPrototypes(shipped.vectors, playbook);
const fold = assignFolds(
  scored.map((p) => p.message),
  5,
  FOLD_SEED,
);
const cats = activeCategories(playbook);
const scoredCats = cats.filter((c) => !c.fallback);
const rows: Array<Record<string, unknown>> = [];
for (let k = 0; k < 5; k++) {
  const t1 = Date.now();
  const train = [...scored.filter((_, i) => fold[i] !== k), ...always];
  const test = scored.filter((_, i) => fold[i] === k);
  const file = trainSlipModel(train, {
    categories,
    prototypes,
    dimensions: shipped.vectors.dimensions,
    seed: FOLD_SEED + k,
    version: 'x',
    hyper: JSON.parse(process.env.HYPER ?? '{}'),
  });
  const model = new SlipModel(file, shipped.vectors);
  const detector = new Detector(playbook, { model });
  for (const p of test) {
    const d = detector.detect(p.message.text);
    const enc = model.encode(p.reading.features);
    const prob = 1 / (1 + Math.exp(-model.slipLogit(enc)));
    const cl = model.categoryLogits(enc);
    let top = '';
    let best = -1e9;
    for (const [id, z] of cl)
      if (z > best) {
        best = z;
        top = id;
      }
    const rules = p.reading.rules.detection;
    const cat = cats.find((c) => c.id === d.categoryId) ?? cats.find((c) => c.id === top);
    rows.push({
      src: p.message.source,
      mamsOk:
        p.message.source === 'mams' &&
        d.categoryId !== undefined &&
        acceptableCategories({ labels: p.message.labels } as MamsSentence).has(d.categoryId),
      text: p.message.text,
      gold: p.message.isSlip,
      goldCat: p.message.category,
      sev: p.message.severity,
      rev: model.reviewLikeness(enc),
      pred: d.isSlip,
      predSev: d.severity,
      predCat: d.categoryId,
      prob,
      modelTop: top,
      named: namedByRules(p.reading),
      short: rulesDecideShort(p.reading, prob >= 0.5, scoredCats),
      veto: cat ? vetoedByRules(cat, p.reading, prob) : false,
      rulesCat: rules.categoryId,
      cand: d.candidates,
      rulesSlip: rules.isSlip,
      viewLogit: model.view?.slipLogit(p.reading.normalized, p.reading.features.figurative),
    });
  }
  console.log('fold', k, Date.now() - t1);
}
require('node:fs').writeFileSync(process.env.OUT ?? '/tmp/diagnose.json', JSON.stringify(rows));
