import { ALLERGY_NOTICES } from './examples/allergyNotices';
import { BOUNDARY_SLIPS } from './examples/boundarySlips';
import { FOOD_AND_SERVICE_SLIPS } from './examples/foodAndService';
import { MONEY_PEOPLE_SAFETY_SLIPS } from './examples/moneyPeopleSafety';
import { PLAIN_SLIPS } from './examples/plainSlips';
import { QUIET_MESSAGES } from './examples/quietMessages';
import { QUIET_MESSAGES_2 } from './examples/quietMessages2';
import { QUIET_MESSAGES_3 } from './examples/quietMessages3';
import { ROOMS_AND_STAYS_SLIPS } from './examples/roomsAndStays';
import { STORY_SLIPS } from './examples/storySlips';

/** A written example: its text, its category id (null: not a slip) and its severity (null for a non-slip). */
export type OwnExample = [
  text: string,
  category: string | null,
  severity: 'low' | 'medium' | 'high' | 'critical' | null,
];

/**
 * Messages written by the project for training: kinds of language the other sources have little of (reassurance and
 * praise that must stay quiet, safety told by its symptoms, Spanish and mixed crews, waits told as numbers, service
 * failures told as a story). Not copied from any data set; the evaluation never scores them.
 */
const FIRST_EXAMPLES: OwnExample[] = [
  // quiet: praise, reassurance, negated or resolved worries, slip words in other senses
  ['great job tonight team, zero complaints!', null, null],
  ['no complaints from any table tonight, smooth service', null, null],
  ['false alarm on 14, they were not charged twice after all', null, null],
  ['guest in 210 was NOT overcharged, I double checked the folio', null, null],
  ['no one was hurt, the tray fell in the back corridor', null, null],
  ['fire alarm test at 3pm, nothing to worry about', null, null],
  ['can someone double check the walk-in temp log before close', null, null],
  ['the fish supplier is running late, delivery now 11am', null, null],
  ['saw a raccoon out by the dumpsters, not inside, pest company booked for tomorrow', null, null],
  ['the mouse trap check came back clean, all good', null, null],
  ['lol the new espresso machine sounds like a jet engine', null, null],
  ['table 9 loved the tasting menu, asked for the chef to come out', null, null],
  ['the Patels said it was the best anniversary dinner they have had', null, null],
  ['room 512 checked out early, very happy with the stay', null, null],
  ['reminder: staff meal at 4, then pre-shift at 4:30', null, null],
  ['who can cover my saturday brunch shift?', null, null],
  ['we are low on lemons, can someone grab a case from the walk-in', null, null],
  ['86 the short rib after these two', null, null],
  ['the wait on the patio is about 20 minutes right now, quoting 25', null, null],
  ['guest asked three times about the wine pairing, so keen, sold two bottles', null, null],
  ['nobody complained about the new menu, seems to be landing well', null, null],
  // praise passed on, with a guest named: a guest and a dish or a server in one sentence is not a complaint
  ['guest at 7 asked for our server by name to say thank you, lovely family', null, null],
  ['mesa 5 dejó una propina enorme, dicen que el pulpo estaba perfecto', null, null],
  ['rm 330 left a card for housekeeping thanking Maria for the fresh flowers', null, null],
  ['the regulars on 22 said the new lamb is even better than the old one', null, null],
  ['bar seat 4 raved about the old fashioned, ordered a second and tipped 30%', null, null],
  ['5-star review from the wedding party, they named Tom and the whole kitchen', null, null],
  ['the gentleman in 1104 told the front desk the view was worth every penny', null, null],
  ['couple at the window said dessert was the highlight of their trip', null, null],
  ['T15 wants to book the same table next month, said the service was spot on', null, null],
  ['guest in 602 complimented the spa team, booking another massage tomorrow', null, null],
  ['thanks for covering the bar, you saved me', null, null],
  ['pool closes at 9 tonight for cleaning', null, null],
  ['the allergy matrix is updated in the binder, please read before service', null, null],
  ['is the gluten free bread in yet?', null, null],
  ['big party of 20 at 7, all set up in the back room', null, null],
  ['late checkout approved for 804, noon', null, null],
  ['printer on the pass is jammed again, kitchen using the backup', null, null],
  ['heads up the card machine was slow earlier but it is fine now', null, null],
  ['the guy on 6 was worried his steak would be late but it came out perfect', null, null],
  ['la mesa 5 quedó muy contenta, gracias equipo', null, null],
  ['turno de noche tranquilo, sin quejas', null, null],
  // safety told by symptoms
  ['guest on T8 says her throat feels tight and her lips are swelling after the satay', 'safety', 'critical'],
  ['kid at table 3 broke out in hives after the dessert, mum has an epipen', 'safety', 'critical'],
  ['couple from last night called, both were up all night vomiting after the oysters', 'safety', 'high'],
  ['party of 4 from friday all got sick the next day, they think it was the chicken', 'safety', 'high'],
  ['man at the bar is struggling to breathe, said there was peanut in the sauce', 'safety', 'critical'],
  ['lady slipped on the wet tiles by the pool and hit her head', 'safety', 'critical'],
  ['guest cut his hand on a chipped glass at table 12, bleeding a fair bit', 'safety', 'high'],
  ['found a cockroach running across table 7 while they were eating', 'safety', 'high'],
  ['bed bugs reported in room 318, guest has bites all over her arms', 'safety', 'high'],
  ['el cliente de la mesa 4 tiene alergia y se le hinchó la cara', 'safety', 'critical'],
  ['un señor se cayó en la escalera del lobby, le duele la muñeca', 'safety', 'high'],
  // waits as numbers, service told as a story
  ['T14 mains took 55 min, they asked 3 times', 'long_wait', 'high'],
  ['rm 702 called about towels at 9, it is 10:15 and housekeeping still has not been', 'long_wait', 'medium'],
  ['table 2 sat for 20 minutes and nobody came over to greet them', 'long_wait', 'medium'],
  ['the family at 11 had to flag someone down twice just to order', 'long_wait', 'medium'],
  ['check-in queue was 40 deep, one couple waited 50 minutes', 'long_wait', 'high'],
  ['la mesa 7 lleva 45 minutos esperando los platos, el cliente está molesto', 'long_wait', 'high'],
  ['booking for the Nguyens is not in the system, they have the confirmation email', 'booking', 'high'],
  ['we gave away the Garcias table, they showed up on time and had to wait at the bar', 'booking', 'medium'],
  ['the reservation was made for the wrong date so we had no room for them', 'booking', 'medium'],
  // quality in ordinary words
  ['the caesar on 5 came out wilted and soggy, they sent it back', 'food_quality', 'medium'],
  ['mojito tasted watered down and thin, guest pushed it away', 'food_quality', 'low'],
  ['the brisket on 19 was tough and chewy, she could not cut it', 'food_quality', 'medium'],
  ['ordered it MR and the ticket says MR but it came out WD, guest not happy', 'wrong_order', 'medium'],
  ['T3 asked for no onions because of an intolerance and it came loaded with them', 'wrong_order', 'high'],
  ['el pedido de la 9 salió equivocado, pidieron pollo y les llevamos pescado', 'wrong_order', 'medium'],
  ['la sopa de la mesa 2 llegó fría, el cliente la devolvió', 'food_quality', 'medium'],
  // rooms and things that keep failing
  ['the key card for 611 keeps failing, third trip to the desk', 'room_problem', 'medium'],
  ['lamp in 203 keeps flickering and the safe will not lock', 'room_problem', 'low'],
  ['the fridge in suite 9 stopped working overnight, their insulin is in there', 'room_problem', 'high'],
  ['guest in 415 says the shower drains so slowly it floods the bathroom floor', 'room_problem', 'medium'],
  ['la habitación 320 está sucia y el huésped ya llegó, está enojado', 'room_problem', 'high'],
  ['la tele de la 508 no funciona, el cliente ya llamó dos veces', 'room_problem', 'low'],
  ['the people next door in 1102 have been partying since midnight, 1104 called twice', 'noise', 'medium'],
  ['hay mucho ruido de la fiesta del piso 3, los huéspedes se quejan', 'noise', 'medium'],
  ['the bartender rolled his eyes at the couple on seat 4 and walked off', 'rude_staff', 'medium'],
  ['the host told the Smiths to hurry up because we need the table, they were offended', 'rude_staff', 'medium'],
  ['el mesero fue grosero con la señora de la mesa 10', 'rude_staff', 'medium'],
  ['T6 was charged for three bottles but only had two', 'billing', 'medium'],
  ['guest says the minibar charge is wrong, he never opened it', 'billing', 'low'],
  ['le cobraron doble al cliente de la 15, quiere hablar con el gerente', 'billing', 'high'],
  ['ran out of the halibut halfway through their order, the table had come for it', 'out_of_stock', 'medium'],
  ['ya no hay postre de chocolate y la mesa 8 lo pidió para el cumpleaños', 'out_of_stock', 'low'],
  ['guest left her phone in the cab we called for her and nobody can find it now', 'lost_property', 'medium'],
  ['housekeeping threw away the bag the guest in 702 left on the chair', 'lost_property', 'high'],
  ['el huésped de la 611 perdió su cartera en el restaurante', 'lost_property', 'medium'],
  ['our valet scraped the side of the guest car pulling out', 'lost_property', 'high'],
  ['the couple was told dogs are fine on the patio, then the manager asked them to leave', 'policy', 'medium'],
  ['we refused the voucher at the door but the website says it is valid, guest furious', 'policy', 'high'],
];

/**
 * Every written example: the first ones above and the larger sets under examples/, written without reading the staff
 * corpus. Those sets were then checked against it: any example whose nearest corpus message shares too much of its
 * wording (cosine ≥ 0.42 over words, word pairs and letter 4-grams), or that echoed a corpus message named in the
 * writing brief, was taken out (124 of 1,648), so cross-validation on the corpus does not score near-copies.
 */
export const OWN_EXAMPLES: OwnExample[] = [
  ...FIRST_EXAMPLES,
  ...FOOD_AND_SERVICE_SLIPS,
  ...ROOMS_AND_STAYS_SLIPS,
  ...MONEY_PEOPLE_SAFETY_SLIPS,
  ...BOUNDARY_SLIPS,
  ...PLAIN_SLIPS,
  ...ALLERGY_NOTICES,
  ...QUIET_MESSAGES,
  ...QUIET_MESSAGES_2,
  ...QUIET_MESSAGES_3,
  ...STORY_SLIPS,
];
