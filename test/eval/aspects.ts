import { acceptableCategories as acceptable } from '../../src/coach/training/corpus';

export { ASPECT_CATEGORIES } from '../../src/coach/training/corpus';

export interface MamsSentence {
  id: string;
  text: string;
  labels: { aspect_categories: Array<{ category: string; polarity: string }> };
  has_negative: boolean;
}

/** The playbook categories that would be right for a sentence's negative aspects (the mapping is in corpus.ts). */
export function acceptableCategories(sentence: Pick<MamsSentence, 'labels'>): Set<string> {
  return acceptable(sentence.labels);
}
