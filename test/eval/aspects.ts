/**
 * The fixed mapping from the MAMS aspect categories to playbook categories, used to score category accuracy on the
 * negative sentences. An aspect maps to every playbook category a guest's complaint about it plausibly belongs to:
 * the dataset labels what the guest talked about, the playbook labels what the staff should do, and those are not
 * one-to-one. A sentence is scored correct when the detector's category is in the union of its negative aspects'
 * categories. Fixed here, before looking at per-sentence results, and never tuned to individual sentences.
 */
export const ASPECT_CATEGORIES: Record<string, string[]> = {
  // the dish or drink itself: its quality; a wrong dish is also a food complaint
  food: ['food_quality', 'wrong_order'],
  // "service" in reviews is mostly speed and attention: slow, forgotten, or rude
  service: ['long_wait', 'rude_staff', 'wrong_order'],
  // the people: attitude and attention
  staff: ['rude_staff', 'long_wait'],
  // price and the bill
  price: ['billing'],
  // noise, music, decor, temperature, cleanliness of the room
  ambience: ['noise', 'room_problem'],
  // what is (not) on the menu, portions promised
  menu: ['out_of_stock', 'food_quality', 'policy'],
  // the premises and seating, the booking to get in
  place: ['room_problem', 'noise', 'booking'],
  // anything else: only the catch-all category counts
  miscellaneous: ['other'],
};

export interface MamsSentence {
  id: string;
  text: string;
  labels: { aspect_categories: Array<{ category: string; polarity: string }> };
  has_negative: boolean;
}

/** The playbook categories that would be right for a sentence's negative aspects. */
export function acceptableCategories(sentence: MamsSentence): Set<string> {
  const accepted = new Set<string>();
  for (const aspect of sentence.labels.aspect_categories)
    if (aspect.polarity === 'negative') for (const c of ASPECT_CATEGORIES[aspect.category] ?? []) accepted.add(c);
  return accepted;
}
