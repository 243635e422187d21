import { CARD_CONTENT_TYPE } from './cards/elements';
import type { InvokeResult } from './connector';

/** An Action.Execute answer: the card Teams shows in place of the one pressed. */
export function cardResponse(card: unknown): InvokeResult {
  return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
}

/** A short message Teams shows the person who pressed (the card stays as it is). */
export function messageResponse(value: string): InvokeResult {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value } };
}
