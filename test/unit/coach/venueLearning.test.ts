import { Detector } from '../../../src/coach/detector';
import { TrainedVenueLayer, trainLayerOver } from '../../../src/coach/venueLayer';
import { defaultPlaybook } from '../../../src/playbook/load';
import type { Playbook } from '../../../src/playbook/schema';

/** A venue's layer trained the way the worker trains it, from that venue's labelled examples. */
function layerFor(playbook: Playbook, examples: Array<{ text: string; categoryId?: string }>) {
  return new TrainedVenueLayer(trainLayerOver(new Detector(playbook), examples, { version: 1, now: 0 }));
}

describe('what a venue teaches its detector', () => {
  const playbook = defaultPlaybook('hotel');

  it('a corrected category changes the next similar message in that workspace only', () => {
    const similar = 'rm 512 the minibar fridge is warm again, guest says the milk went off';
    const before = new Detector(playbook).detect(similar);
    expect(before.isSlip).toBe(true);
    const target = before.categoryId === 'room_problem' ? 'billing' : 'room_problem';
    const taught = new Detector(playbook, {
      venue: layerFor(playbook, [
        { text: 'rm 210 minibar fridge is warm, guest says the milk went off', categoryId: target },
        { text: 'the minibar fridge in 418 is warm again, their drinks are warm', categoryId: target },
      ]),
    });
    expect(taught.detect(similar).categoryId).toBe(target);
    // another workspace's detector (no layer) is unchanged
    expect(new Detector(playbook).detect(similar).categoryId).toBe(before.categoryId);
    // and an unrelated message in the taught workspace is unchanged
    expect(taught.detect('T12 got the wrong steak, guest annoyed').categoryId).toBe('wrong_order');
  });

  it('"Not a slip" on a message keeps it quiet, makes messages like it far less sure, and leaves others alone', () => {
    const text = 'pool towels ran out again at 3, guests grumbling on the deck';
    // paraphrases, not the same text: these are answered by the learned layer, not by the exact-text lookup
    const alike = [
      'pool towels ran out again this afternoon, guests grumbling by the loungers',
      'towels ran out at the pool again, a few guests grumbling',
    ];
    const base = new Detector(playbook);
    for (const t of [text, ...alike]) expect(base.detect(t).isSlip).toBe(true);
    const taught = new Detector(playbook, { venue: layerFor(playbook, [{ text }]) });
    expect(taught.detect(text)).toMatchObject({ isSlip: false, reasons: ['taught by this venue: not a slip'] });
    // one correction: the closest paraphrase goes quiet, and every one is far less sure than before: its odds of being
    // a slip at least seven times lower (in log-odds, which do not saturate when the base model is 99.9% sure)
    expect(taught.detect(alike[1]!).isSlip).toBe(false);
    const logOdds = (p: number) => Math.log(p / (1 - p));
    for (const t of alike) expect(logOdds(taught.detect(t).confidence)).toBeLessThan(base.baseReading(t).slipLogit - 2);
    expect(taught.detect('T12 got the wrong steak, guest annoyed')).toMatchObject({
      isSlip: true,
      categoryId: 'wrong_order',
    });
  });

  it('one "Not a slip" moves the words that make that message different, not the ones every slip shares', () => {
    const restaurant = defaultPlaybook('restaurant');
    // shares "T<n>", "guest" and an upset tone with the correction, nothing else
    const unrelated = 'T6 the card machine froze twice, guest had to wait to pay';
    expect(new Detector(restaurant).detect(unrelated).isSlip).toBe(true);
    const taught = new Detector(restaurant, {
      venue: layerFor(restaurant, [{ text: 'the corkage fee on T4 was not on the menu, guest upset' }]),
    });
    expect(taught.detect('the corkage fee on T4 was not on the menu, guest upset').isSlip).toBe(false);
    expect(taught.detect(unrelated).isSlip).toBe(true);
    for (const slip of ['T3 waited 40 minutes for mains, guest fuming', 'guest on 7 unhappy, soup was cold'])
      expect(taught.detect(slip).isSlip).toBe(true);
  });

  it('recognises a manager-added category from its description and examples, without retraining', () => {
    const withParking: Playbook = structuredClone(playbook);
    const template = withParking.categories.find((c) => c.id === 'noise')!;
    withParking.categories.push({
      ...structuredClone(template),
      id: 'valet_parking',
      name: 'Valet and parking',
      description:
        'The valet or car park let a guest down: a scratched or dented car, a lost car key, a long wait for the car.',
      triggers: [],
      subjects: [],
      cues: [],
      hints: [],
      severity: { default: 'high', rules: [] },
      examples: [
        'valet scratched the door of the guest car in 604',
        'the guest waited 40 minutes for the valet to bring the car round',
        'valet lost the key to the silver audi, guest is stuck in the lobby',
      ],
    });
    const detector = new Detector(withParking);
    expect(detector.detect('valet dented the bumper on the Hendersons car, they are livid').categoryId).toBe(
      'valet_parking',
    );
  });

  it('never predicts a retired category', () => {
    const retired: Playbook = structuredClone(playbook);
    retired.categories.find((c) => c.id === 'noise')!.retired = true;
    const detector = new Detector(retired);
    for (const text of [
      'guest in 1104 says the party next door kept them up all night',
      'rm 808 complaining about construction noise at 7am',
      'loud music from the bar keeping 212 awake',
    ])
      expect(detector.detect(text).categoryId).not.toBe('noise');
  });
});

describe('a venue that has taught a lot', () => {
  it('trains its layer from 1,500 examples (a spread of every feature index overflowed the call stack)', () => {
    const playbook = defaultPlaybook('restaurant');
    const words = ['cold', 'late', 'wrong', 'rude', 'bill', 'noisy', 'dirty', 'slow', 'missing', 'broken'];
    const examples = Array.from({ length: 1500 }, (_, i) => ({
      text: `T${i % 40} ${words[i % 10]} ${words[(i * 7) % 10]} order ${i}, guest annoyed about the ${words[(i * 3) % 10]} one`,
      ...(i % 3 ? { categoryId: 'wrong_order' } : {}),
    }));
    const layer = layerFor(playbook, examples);
    expect(layer.examples).toHaveLength(1500);
    expect(new Detector(playbook, { venue: layer }).detect(examples[1]!.text).categoryId).toBe('wrong_order');
  });
});
