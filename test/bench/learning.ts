import { Coach } from '../../src/coach/coach';
import { TrainedVenueLayer, trainLayerOver } from '../../src/coach/venueLayer';
import { defaultPlaybook } from '../../src/playbook/load';
import { STAFF_MESSAGES } from '../fixtures/staffMessages';
import { type Bench, round } from './lib';

/**
 * A venue's learning: retraining its layer from 200 corrections (what the worker does after a burst of them), the
 * layer's size as stored in Redis, and reading with the layer against reading without it in the same run.
 */
export const learningBench: Bench = async () => {
  const playbook = defaultPlaybook('mixed');
  const coach = new Coach();
  const base = coach.detectorFor(playbook, 'bench');
  const texts = STAFF_MESSAGES.map((m) => m.text);
  // 200 corrections: the table's messages, each one re-labelled ("not a slip" or another category)
  const ids = base.categoryIds;
  const examples = Array.from({ length: 200 }, (_, i) => {
    const text = `${texts[i % texts.length]} (${Math.floor(i / texts.length)})`;
    return i % 3 === 0 ? { text } : { text, categoryId: ids[i % ids.length]! };
  });
  trainLayerOver(base, examples.slice(0, 10), { version: 0, now: 0 }); // warm up
  const start = process.hrtime.bigint();
  const file = trainLayerOver(base, examples, { version: 1, now: Date.now() });
  const trainMs = Number(process.hrtime.bigint() - start) / 1e6;
  const layer = new TrainedVenueLayer(file);
  // the two detectors take turns, best of five each: a busy machine slows both alike, not one of them
  const detectors = [coach.detectorFor(playbook, 'bench'), coach.detectorFor(playbook, 'bench', layer)];
  const best = [0, 0];
  for (const d of detectors) for (const text of texts) d.detect(text);
  for (let turn = 0; turn < 10; turn++) {
    const which = turn % 2;
    const rounds = 30;
    const begin = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const text of texts) detectors[which]!.detect(text);
    const rate = (rounds * texts.length) / (Number(process.hrtime.bigint() - begin) / 1e9);
    best[which] = Math.max(best[which]!, rate);
  }
  const [without, withLayer] = best as [number, number];
  return [
    {
      name: 'venue layer retrain, 200 corrections (worker job)',
      value: round(trainMs, 0),
      unit: 'ms',
      goal: '<= 2000',
    },
    {
      name: 'venue layer size in Redis, 200 corrections',
      value: round(JSON.stringify(file).length / 1024, 0),
      unit: 'KB',
      goal: '<= 2048',
    },
    {
      name: 'detection with a 200-correction venue layer (1 core)',
      value: Math.round(withLayer),
      unit: 'msg/s',
      goal: 'ratio >= 0.8',
      baseline: { name: 'the same detector without a layer', value: Math.round(without) },
    },
  ];
};
