import type { OwnExample } from '../ownExamples';

/**
 * Allergies told ahead, which are service, not slips (a guest naming an allergy so the kitchen can cook for it), beside
 * allergic reactions, which are the most urgent slips there are. Without both, "allergic" alone read as a reaction and
 * an ordinary allergy note paged the managers as critical. Written for this project; not copied from any data set.
 */
export const ALLERGY_NOTICES: OwnExample[] = [
  // told ahead: flag it, cook for it, answer the question
  ['T9 has a severe peanut allergy, flagged on the ticket and told chef', null, null],
  ['heads up 14 is coeliac, gf bread and the separate fryer pls', null, null],
  ['guest in 1106 allergic to shellfish, put it on her profile for room service', null, null],
  ['bar seat 6 asked if the negroni has any nuts in it, checked the spec, all good', null, null],
  ['party of 8 at 7:30, two vegans and one sesame allergy, kitchen has the list', null, null],
  ['nut allergy on table 3, chef is doing the dessert without the praline', null, null],
  ['lady on 21 asked which mains are dairy free, walked her through the menu', null, null],
  ['allergy card for the Fischer wedding: 3 gluten free, 1 tree nut, all marked on the seating plan', null, null],
  ['kid at 5 is allergic to egg, mum brought his own cake, fine to serve it', null, null],
  ['can someone print the allergen sheet for the new brunch menu', null, null],
  ['rm 812 asked for a feather-free pillow, allergic, hk swapped it before she checked in', null, null],
  ['guest on 4 mentioned a mild lactose thing, swapped the cream sauce for the tomato one, no fuss', null, null],
  ['cruise dining: cabin 6120 has a fish allergy on file, waiter briefed for all nights', null, null],
  ['mesa 11 tiene alergia al gluten, ya lo marqué en la comanda y le avisé a cocina', null, null],
  ['el niño de la 8 es alérgico al cacahuate, chef already knows, postre sin nueces', null, null],
  ['does the satay marinade have peanut? guest at 2 asking before ordering', null, null],
  ['spa: client allergic to lavender oil, therapist using the unscented one today', null, null],
  ['new starter reminder: always ask about allergies when you take the order', null, null],
  ['VIP in the PDR tonight is allergic to kiwi, no kiwi on the fruit plate, chef confirmed', null, null],
  // reactions: happening now, or reported after
  ['allergic reaction at 14, he is coughing and wheezing after the pesto, ambulance called', 'safety', 'critical'],
  [
    'kid on 5 came up in red blotches all over his neck after the pancakes, mum is giving antihistamine',
    'safety',
    'high',
  ],
  [
    'the coeliac guest from 12 last night rang, ill all night, thinks the fries were in the shared fryer',
    'safety',
    'high',
  ],
  ['bar seat 2 had a reaction to the cocktail, throat feels tight, first aider with him now', 'safety', 'critical'],
  [
    'mesa 6 la señora tiene la cara hinchada después del postre, es alérgica a las nueces, llamando al 911',
    'safety',
    'critical',
  ],
  ['rm 1410 broke out in hives after room service, she had said no dairy on the order', 'safety', 'high'],
  [
    'we served the nut allergy table the praline dessert by mistake, he ate a bite, watching him closely',
    'safety',
    'critical',
  ],
  // told ahead and served anyway: the warning was given, so the slip is worse, not absent (guests tell it this way)
  [
    'told them twice my son cant have sesame and his burger bun was covered in it. spent the night at urgent care',
    'safety',
    'critical',
  ],
  [
    'my wife has a shellfish allergy, we said so when we ordered, the risotto had prawns in it. she ended up in A&E',
    'safety',
    'critical',
  ],
  [
    'we flagged a dairy allergy and the soup still came with cream swirled on top, my daughter was sick in the car',
    'safety',
    'high',
  ],
  ['asked for gluten free, got the regular pasta, I am coeliac and have been ill for two days', 'safety', 'high'],
  [
    'the allergy was on the booking and on the ticket and the cake still had almonds. he needed his epipen',
    'safety',
    'critical',
  ],
  [
    'T12 told us egg allergy, the aioli went out on the side anyway, she noticed before eating it, very shaken',
    'safety',
    'high',
  ],
  [
    'rm 707 said no nuts on the room service order, the granola had pecans, he had a reaction, doctor on the way',
    'safety',
    'critical',
  ],
  [
    'visited last night with my mum who is allergic to fish, the waiter promised the sauce was safe, it was anchovy. ER visit',
    'safety',
    'critical',
  ],
  [
    'el cliente dijo que era alérgico al marisco y el arroz llevaba gambas, lo llevaron a urgencias',
    'safety',
    'critical',
  ],
  [
    'kid at 3 is allergic to milk, we told the kitchen, pancakes came with butter on top, mum caught it just in time',
    'safety',
    'high',
  ],
];
