import { type AdaptiveCard, card, line } from './elements';

export const STEP_OFFER_VERBS = { confirm: 'rc.stepOffer.confirm', dismiss: 'rc.stepOffer.dismiss' } as const;

/** A thread reply's one-tap confirmation: the words (plain, never Markdown) and Yes / No for the person who wrote it. */
export function stepOfferCard(words: string, offerId: string, user: string): AdaptiveCard {
  return card(
    [line([words])],
    [
      {
        type: 'Action.Execute',
        title: 'Yes, record it',
        verb: STEP_OFFER_VERBS.confirm,
        data: { offerId, user },
        style: 'positive',
      },
      { type: 'Action.Execute', title: 'No', verb: STEP_OFFER_VERBS.dismiss, data: { offerId, user } },
    ],
  );
}

/** What the offer card becomes once answered. */
export function stepAnsweredCard(words: string): AdaptiveCard {
  return card([line([words])]);
}
