import type { SlipAction } from '../slips/lifecycle';
import { isOpen, type Slip, type Step, stepsDone } from '../slips/slip';

/** What a reply in a slip's thread says happened, in the staff's own words. */
export type ReplyMeaning = 'acknowledged' | 'corrected' | 'connected' | 'recovered' | 'still_unhappy' | 'unreachable';

export interface ReplyReading {
  meanings: ReplyMeaning[];
  /** What was given, when the reply names a comp ("comped dessert" → "dessert"). */
  gesture?: string;
  /** A cost the reply names ("$8", "8 dollars"). */
  cost?: number;
  /** The reply itself, trimmed, for the timeline. */
  note: string;
}

/** The one-tap confirmation offered for a reply: the actions recorded when the person taps it, in order. */
export interface StepOffer {
  /** What the tap records, for the confirmation's words. */
  step: Step | 'followup' | 'escalate';
  /** The steps the tap records, in order: a missing earlier step comes first ("done" on an open slip). */
  steps: Step[];
  outcome?: 'recovered' | 'not_recovered' | 'unreachable';
  actions: SlipAction[];
  note: string;
}

/** A negation just before a word ("not fixed", "never happy", "cannot say sorry") cancels it. */
const NOT = String.raw`(?<!\b(?:not|never|no|nothing|yet to|without)\s+(?:\w+\s+)?)`;

/** Phrases per meaning, on normalised words (lower case, contractions opened: "can't" → "cannot"). */
const PHRASES: Record<ReplyMeaning, RegExp[]> = {
  unreachable: [
    /\b(?:cannot|could not|unable to|did not|failed to|tried to)\s+(?:\w+\s+)?(?:reach|get hold of|get through|contact|call|get in touch)/,
    /\bno (?:answer|reply|response|one (?:picked up|answered))\b/,
    /\b(?:voicemail|voice mail|left (?:a )?(?:message|voicemail|note))\b/,
    /\b(?:not answering|not picking up|not in (?:the|their) room|unreachable)\b/,
    /\b(?:already|had) (?:left|gone|checked out)\b/,
  ],
  still_unhappy: [
    /\b(?:still|really|very|even more)\s+(?:\w+\s+)?(?:upset|angry|unhappy|annoyed|mad|fuming|furious|cross|livid|not happy)\b/,
    /\b(?:not|never) (?:\w+ )?(?:happy|impressed|satisfied|pleased|ok|okay|calm)\b/,
    /\b(?:unhappy|complain(?:ed|ing)? again|wants? (?:a|the|to see (?:a|the)) manager|asking for (?:a|the) manager|escalat)/,
  ],
  recovered: [
    new RegExp(
      `${NOT}\\b(?:happy|pleased|satisfied|delighted|smiling|smiles|thrilled|calm(?:ed)?(?: down)?|thanked us|thanked me|loved it|grateful)\\b`,
    ),
    new RegExp(
      `${NOT}\\b(?:all (?:good|fine|ok|okay)|fine now|good now|ok now|okay now|all smiles|recovered|back on side)\\b`,
    ),
  ],
  corrected: [
    new RegExp(
      `${NOT}\\b(?:done|fixed|sorted|solved|resolved|replaced|swapped|remade|re-?made|re-?fired|refired|comped|comp'd|refunded|discounted|upgraded|moved (?:them|him|her)|changed (?:the|their) room)\\b`,
    ),
    new RegExp(
      `${NOT}\\b(?:on the house|on us|took (?:it|\\w+|the \\w+) off|taken off|off the bill|new (?:plate|dish|one|room|drink)|fresh (?:one|plate)|brought (?:out )?(?:a |the )?(?:new|fresh|right|correct|replacement))\\b`,
    ),
  ],
  connected: [
    new RegExp(
      `${NOT}\\b(?:checked (?:back|in) (?:on|with)?|went back to|followed up|check-?back done|touched base)\\b`,
    ),
  ],
  acknowledged: [
    new RegExp(
      `${NOT}\\b(?:apologi[sz]ed|said sorry|say sorry|saying sorry|told them sorry|owned it|acknowledged|on it|spoke to|talked to|went over)\\b`,
    ),
  ],
};

/** Words that name a comp, and what follows them is the gesture: "comped dessert", "dessert on us". */
const COMP_AFTER =
  /\b(?:comped|comp'd|comp|gave (?:them )?(?:a |an )?free|free|refunded|knocked off|took off)\s+(?:the |a |an |their |them )?([a-z][a-z' -]{1,40}?)(?=$|[,.;!]| and | for | because | with )/;
const COMP_BEFORE = /\b(?:a |an |the )?([a-z][a-z' -]{1,40}?)\s+(?:on the house|on us|for free|comped)\b/;
const COST =
  /(?:[$€£]\s?(\d{1,5}(?:\.\d{1,2})?))|(?:\b(\d{1,5}(?:\.\d{1,2})?)\s?(?:dollars|bucks|euros?|pounds|usd|eur|gbp)\b)/;

/** Lower case, curly quotes straight, contractions opened, so the phrases see one spelling. */
export function normaliseReply(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ]/g, "'")
    .replace(/\bcan'?t\b/g, 'cannot')
    .replace(/\bwon'?t\b/g, 'will not')
    .replace(/\b(\w+)n't\b/g, '$1 not')
    .replace(/\b(they|we|you)'re\b/g, '$1 are')
    .replace(/\b(he|she|it)'s\b/g, '$1 is')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a thread reply says happened; no meanings for chatter ("who has table 5?", "thanks"). */
export function readThreadReply(text: string): ReplyReading {
  const words = normaliseReply(text);
  const meanings = (Object.keys(PHRASES) as ReplyMeaning[]).filter((meaning) =>
    PHRASES[meaning].some((phrase) => phrase.test(words)),
  );
  const costMatch = words.match(COST);
  const cost = costMatch ? Number(costMatch[1] ?? costMatch[2]) : undefined;
  const withoutCost = words.replace(new RegExp(COST.source, 'g'), '').replace(/\s+/g, ' ').trim();
  const gestureWords = (withoutCost.match(COMP_AFTER)?.[1] ?? withoutCost.match(COMP_BEFORE)?.[1])?.trim();
  return {
    meanings,
    ...(gestureWords ? { gesture: gestureWords } : {}),
    ...(cost !== undefined && Number.isFinite(cost) ? { cost } : {}),
    note: text.trim().slice(0, 300),
  };
}

const ORDER: Step[] = ['acknowledge', 'correct', 'connect'];

/**
 * The confirmation to offer for a reply on this slip, or undefined when the reply says nothing the slip can record.
 * A follow-up that is due takes the guest's news (happy, still unhappy, unreachable); otherwise the furthest step
 * the reply names is offered with any earlier step still missing, and a guest still unhappy is offered to a manager.
 */
export function offerFor(slip: Slip, reading: ReplyReading): StepOffer | undefined {
  if (!isOpen(slip) || reading.meanings.length === 0) return undefined;
  const says = (meaning: ReplyMeaning) => reading.meanings.includes(meaning);
  const note = reading.note;
  const outcome = slip.followUp?.status === 'scheduled' ? followUpOutcome(says) : undefined;
  if (outcome)
    return { step: 'followup', steps: [], outcome, actions: [{ kind: 'followup_done', outcome, note }], note };
  if (says('still_unhappy') && !slip.escalated)
    return {
      step: 'escalate',
      steps: [],
      actions: [{ kind: 'escalate', reason: `the guest is still unhappy: ${note}` }],
      note,
    };
  const target = furthestStep(says);
  if (!target) return undefined;
  const done = stepsDone(slip);
  const steps = ORDER.slice(0, ORDER.indexOf(target) + 1).filter((step) => !done.includes(step));
  if (steps.length === 0) return undefined;
  return { step: target, steps, actions: steps.map((step) => stepAction(step, reading)), note };
}

/** The guest's news for a due follow-up, if the reply gives any. */
function followUpOutcome(says: (m: ReplyMeaning) => boolean): StepOffer['outcome'] {
  if (says('unreachable')) return 'unreachable';
  if (says('still_unhappy')) return 'not_recovered';
  return says('recovered') ? 'recovered' : undefined;
}

/** The furthest step a reply names: a happy guest without a fix named means the check-back happened. */
function furthestStep(says: (m: ReplyMeaning) => boolean): Step | undefined {
  if (says('connected') || (says('recovered') && !says('corrected'))) return 'connect';
  if (says('corrected')) return 'correct';
  return says('acknowledged') ? 'acknowledge' : undefined;
}

function stepAction(step: Step, reading: ReplyReading): SlipAction {
  if (step === 'acknowledge') return { kind: 'acknowledge' };
  if (step === 'connect') return { kind: 'connect', note: reading.note };
  return {
    kind: 'correct',
    note: reading.note,
    ...(reading.gesture ? { gesture: reading.gesture } : {}),
    ...(reading.cost !== undefined ? { cost: reading.cost } : {}),
  };
}
