import { Detector } from '../../../src/coach/detector';
import { loadSlipModel } from '../../../src/coach/modelFiles';
import { RulesDetector } from '../../../src/coach/rulesDetector';
import { SlipModel } from '../../../src/coach/slipModel';
import { defaultPlaybook } from '../../../src/playbook/load';
import { STAFF_MESSAGES } from '../../fixtures/staffMessages';

const detectors = {
  restaurant: new Detector(defaultPlaybook('restaurant')),
  hotel: new Detector(defaultPlaybook('hotel')),
};

describe('Detector on realistic staff messages', () => {
  const slips = STAFF_MESSAGES.filter((c) => c.category !== null);
  const chatter = STAFF_MESSAGES.filter((c) => c.category === null);

  it('has a realistic table: 80+ messages, every default category, and chatter', () => {
    expect(STAFF_MESSAGES.length).toBeGreaterThanOrEqual(80);
    const covered = new Set(slips.map((c) => c.category));
    for (const category of defaultPlaybook('mixed').categories) expect(covered).toContain(category.id);
    expect(chatter.length).toBeGreaterThanOrEqual(20);
  });

  // The table the rules were once written against: no longer the measure (see `npm run eval` for cross-validated
  // figures on data the model never saw), but a floor that catches a model that got worse on plain staff English.
  it('reads the table well enough: slip F1 at least 0.93, category right on at least 85% of slips caught', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let right = 0;
    for (const c of STAFF_MESSAGES) {
      const result = detectors[c.venue ?? 'restaurant'].detect(c.text);
      if (result.isSlip && c.category) {
        tp++;
        if (result.categoryId === c.category) right++;
      } else if (result.isSlip) fp++;
      else if (c.category) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    expect(f1).toBeGreaterThanOrEqual(0.93);
    expect(right / tp).toBeGreaterThanOrEqual(0.85);
  });

  it.each(slips.filter((c) => c.category === 'safety').map((c) => [c.text, c]))(
    'never misses a safety slip: %p',
    (_text, c) => {
      const result = detectors[c.venue ?? 'restaurant'].detect(c.text);
      expect(result).toMatchObject({ isSlip: true, categoryId: 'safety' });
      expect(['high', 'critical']).toContain(result.severity);
    },
  );
});

describe('Detector on what staff write that the playbook lists do not', () => {
  const detector = detectors.restaurant;

  it.each([
    'great job tonight team, zero complaints!',
    'false alarm, the couple on 12 was not charged twice after all',
    'kitchen fire drill at 3, no one was hurt, all clear',
    'the Smiths loved the tasting menu, asked to thank the chef',
    'can someone double check the walk-in temperature log',
  ])('stays quiet on reassurance and praise: %p', (text) => {
    expect(detector.detect(text).isSlip).toBe(false);
  });

  it.each([
    'guest in 412 told me our breakfast was the best in town, coming back next year',
    'the birthday table on 9 said the cake was amazing and thanked the whole floor',
    'bar seat 2 said the bartender was brilliant, wonderful night',
  ])('stays quiet on praise passed on with the guest named: %p', (text) => {
    expect(detector.detect(text).isSlip).toBe(false);
  });

  it.each([
    "role play at tonight's huddle: a guest whose steak came out overcooked, Sam plays the guest",
    'wrong password on the staff wifi again lol',
    'new menus are wrong again, reprinting',
  ])("a trigger phrase or a short message's rules reading does not outvote a model sure it is no slip: %p", (text) => {
    expect(detector.detect(text).isSlip).toBe(false);
  });

  it('still catches a slip told between compliments', () => {
    expect(detector.detect('guest in 305 said the room is lovely but the AC is broken')).toMatchObject({
      isSlip: true,
      categoryId: 'room_problem',
    });
  });

  it.each([
    'woman at table 7 says her tongue is tingling and her face is swelling after the pesto',
    'the family from saturday night rang, all four were throwing up after dinner',
  ])('catches safety told only by its symptoms, as high or critical: %p', (text) => {
    const result = detector.detect(text);
    expect(result).toMatchObject({ isSlip: true, categoryId: 'safety' });
    expect(['high', 'critical']).toContain(result.severity);
  });

  it('reads a wait given only as a number, and Spanish from the kitchen', () => {
    expect(detector.detect('table 15 has been sat 50 minutes with no mains, they asked three times').categoryId).toBe(
      'long_wait',
    );
    expect(detector.detect('la mesa 3 lleva una hora esperando la comida, el cliente está muy molesto')).toMatchObject({
      isSlip: true,
      categoryId: 'long_wait',
    });
  });
});

describe('Detector language handling', () => {
  const detector = detectors.restaurant;
  const mixed = new Detector(defaultPlaybook('mixed'));

  it('understands negation', () => {
    expect(detector.detect('the steak was not cold and the server was not rude').isSlip).toBe(false);
    expect(detector.detect("guest wasn't upset at all").isSlip).toBe(false);
    expect(detector.detect('the steak was cold').isSlip).toBe(true);
  });

  it('reads typos of playbook words', () => {
    expect(detector.detect('T3 says the lamb is overcokked')).toMatchObject({
      isSlip: true,
      categoryId: 'food_quality',
    });
    const rude = detector.detect('T3 says the waiter was rdue');
    expect(rude).toMatchObject({ isSlip: true, categoryId: 'rude_staff' });
    // a four-letter word with two letters swapped is read as the playbook word, not left to the model's guess
    expect(rude.reasons).toContain('trigger "rude"');
    // an English word one letter from a playbook word is left alone, and so is a day written short
    expect(detector.detect('the tables came out of the clod store').reasons.join(' ')).not.toContain('"cold"');
    // ("thurs" is one letter from "hours": the rules read a wait about the valet)
    const rules = new RulesDetector(defaultPlaybook('restaurant'));
    expect(rules.detect('valet lot getting re-striped thurs night, overflow to P2').reasons.join(' ')).not.toContain(
      'hours',
    );
    // both problems in one message: either may lead the card, the other must be the runner-up
    const both = detector.detect('T3 says the lamb is overcokked and the waiter was rdue');
    expect(both.isSlip).toBe(true);
    expect(both.candidates.slice(0, 2).map((c) => c.categoryId)).toEqual(
      expect.arrayContaining(['food_quality', 'rude_staff']),
    );
  });

  it('reads shift shorthand and explains itself', () => {
    const result = detector.detect('T12 got the wrong steak, guest annoyed');
    expect(result.guestRef).toEqual({ text: 'T12', key: 'table:12', kind: 'table' });
    expect(result.reasons.join(' ')).toContain('wrong');
    expect(result.reasons.join(' ')).toContain('annoyed');
    expect(result.confidence).toBeGreaterThanOrEqual(detector.threshold);
  });

  it('treats a question as a question but keeps the report before it', () => {
    expect(detector.detect('did T4 get the wrong wine?').isSlip).toBe(false);
    expect(detector.detect('T4 waited 40 min for mains, can someone check?').categoryId).toBe('long_wait');
  });

  it('is not fooled by Slack markup or mentions', () => {
    const result = detector.detect('<!channel> *T12* got the wrong steak <@U123ABC> :rage:');
    expect(result).toMatchObject({ isSlip: true, categoryId: 'wrong_order' });
    expect(detector.detect('<!here> menu meeting at 4').isSlip).toBe(false);
  });

  it('needs a guest for stock talk, and takes one from an upset word', () => {
    expect(detector.detect('ran out of limes').isSlip).toBe(false);
    expect(detector.detect('ran out of limes and the guest on 4 is annoyed').categoryId).toBe('out_of_stock');
  });

  it('raises severity from global rules', () => {
    expect(detector.detect('T9 soup is cold, VIP table').severity).toBe('high');
    expect(detector.detect('guest on 5 allergic reaction, ambulance on the way').severity).toBe('critical');
  });

  it('handles empty, huge and unicode input without throwing', () => {
    expect(detector.detect('').isSlip).toBe(false);
    expect(detector.detect('🙂🙂🙂 ñandú 寿司').isSlip).toBe(false);
    const huge = `${'lorem ipsum '.repeat(5000)} the steak was cold`;
    expect(() => detector.detect(huge)).not.toThrow();
  });

  it('reads past links and runs of marks', () => {
    expect(detector.detect('T4 waited 40 min for mains?!?!?! guest fuming').categoryId).toBe('long_wait');
    expect(detector.detect('T12 got the wrong steak, see https://example.com/cold/rude/wrong').categoryId).toBe(
      'wrong_order',
    );
    // a link's words are not a report: "cold" and "rude" here are only a path
    expect(detector.detect('menu for tonight: https://example.com/cold-rude-wrong-order').isSlip).toBe(false);
    expect(detector.detect(`${'://'.repeat(600)} T9 soup is cold`).categoryId).toBe('food_quality');
  });

  it('gives a tie to the trigger that names the thing over one that names only the wait', () => {
    expect(mixed.detect('Room 405 still no hot water, guest furious').categoryId).toBe('room_problem');
    expect(mixed.detect('room 300 still no towels').categoryId).toBe('room_problem');
    expect(mixed.detect('T4 still waiting on mains').categoryId).toBe('long_wait');
  });

  it('counts one phrase matched in two forms once: a pest that "ran out" is still a pest', () => {
    // "ran out" also matched as "run out" and counted as two findings, outranking "mouse" for stock talk
    const rules = new RulesDetector(defaultPlaybook('mixed'));
    expect(rules.detect('a mouse ran out from under the counter while the guest was paying').categoryId).toBe('safety');
    expect(rules.detect('we ran out of the lamb, guest at 4 is annoyed').categoryId).toBe('out_of_stock');
  });

  it("names a guest's symptoms as a safety matter", () => {
    const rules = new RulesDetector(defaultPlaybook('mixed'));
    for (const text of [
      'T6 says the whole table had diarrhoea the morning after the set menu',
      'guest in 402 says her lips started tingling after the satay',
      'the lady at 9 broke out in a rash after the prawns',
      'gentleman twisted his ankle on the step by the bar',
    ])
      expect(rules.detect(text).categoryId).toBe('safety');
  });

  it('reads sickness told by the guest, with no guest word in it, as a critical safety slip', () => {
    // the rules discount a safety trigger with no guest in sight (staff talk); here the writer is the guest
    for (const text of [
      'had the mussels here on friday and was vomiting all weekend. never again',
      'we had dinner here on saturday and I was throwing up all night, definitely food poisoning',
      'I got food poisoning from this place, avoid',
    ])
      expect(mixed.detect(text)).toMatchObject({ isSlip: true, categoryId: 'safety', severity: 'critical' });
    expect(mixed.detect('the walk-in floor is wet again').isSlip).toBe(false);
  });

  it('reads an allergy told ahead and served anyway as a critical safety slip, and an allergy told ahead as none', () => {
    expect(
      mixed.detect(
        '@BigGrill my kid is allergic to peanuts, told the server, dessert came with peanuts on it. ER visit',
      ),
    ).toMatchObject({ isSlip: true, categoryId: 'safety', severity: 'critical' });
    expect(mixed.detect('guest at 4 ended up in A&E after the mussels')).toMatchObject({
      isSlip: true,
      categoryId: 'safety',
    });
    expect(mixed.detect('T9 has a severe peanut allergy, flagged on the ticket').isSlip).toBe(false);
  });

  it('does not read a slip of memory or a plan that fell through as an injury', () => {
    for (const text of [
      'the booking fell through, guest furious',
      'sorry, the birthday cake for T4 slipped my mind, guest upset',
      'the order for 12 slipped through the cracks, host is apologising to the guest',
      'the bar next door is bleeding thru the wall, the couple on 4 asked to move',
    ]) {
      const read = mixed.detect(text);
      expect(read.isSlip).toBe(true);
      expect(read.categoryId).not.toBe('safety');
      expect(read.severity).not.toBe('critical');
    }
    expect(mixed.detect('T9 guest slipped on the stairs')).toMatchObject({
      categoryId: 'safety',
      severity: 'critical',
    });
  });

  it('uses the fallback category when a guest is upset about something unnamed', () => {
    expect(detector.detect('guest at the bar is furious, no idea why').categoryId).toBe('other');
  });
});

describe('the default playbook examples', () => {
  it.each(['restaurant', 'hotel', 'mixed'] as const)('all land in their own category for a %s', (venue) => {
    const playbook = defaultPlaybook(venue);
    const detector = new Detector(playbook);
    const misses: string[] = [];
    for (const category of playbook.categories) {
      if (category.venues && venue !== 'mixed' && !category.venues.includes(venue)) continue;
      for (const example of category.examples) {
        const got = detector.detect(example).categoryId;
        if (got !== category.id) misses.push(`${category.id}: "${example}" -> ${got}`);
      }
    }
    expect(misses).toEqual([]);
  });
});

describe("the n-gram view's opinion on whether it is a slip", () => {
  const shipped = loadSlipModel();
  /** The shipped model with its view's slip head pushed to a certain answer (a bias of ±20 log-odds). */
  const viewSure = (slip: boolean) => {
    const view = shipped.file.view!;
    const bias = Float32Array.from(slip ? [-20, 20] : [20, -20]);
    const file = { ...shipped.file, view: { ...view, slip: { ...view.slip!, bias } } };
    return new Detector(defaultPlaybook('restaurant'), { model: new SlipModel(file, shipped.vectors) });
  };
  const text = 'the lamb for table 12 came out overcooked and grey, the guest sent it back and is not happy';

  it("counts half: the card's confidence is the mean of the model's and the view's", () => {
    const model = new Detector(defaultPlaybook('restaurant'), {
      model: new SlipModel({ ...shipped.file, view: { ...shipped.file.view!, slip: undefined } }, shipped.vectors),
    }).detect(text).confidence;
    expect(model).toBeGreaterThan(0.9);
    expect(viewSure(false).detect(text).confidence).toBeCloseTo(model / 2, 1);
    expect(viewSure(true).detect(text).confidence).toBeCloseTo(0.5 + model / 2, 1);
  });

  it('cannot silence a slip the playbook names and the model believes', () => {
    expect(viewSure(false).detect(text)).toMatchObject({ isSlip: true, categoryId: 'food_quality' });
  });

  it('cannot make a card of chatter the model is sure of, however sure the view is', () => {
    // a staff message with nothing of a review in it gives the view its full half: a certain view alone reaches 50%
    for (const text of ['reminder: staff meal at 4, then pre-shift at 4:30', 'ice machine cleaned, new filter in'])
      expect(viewSure(true).detect(text).isSlip).toBe(false);
  });
});
