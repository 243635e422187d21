import type { Style } from '../style';

const STEP_WORDS = { acknowledge: 'Acknowledged', correct: 'Corrected', connect: 'Connected' } as const;
const OUTCOME_WORDS = {
  recovered: 'follow-up done: the guest is happy',
  not_recovered: 'follow-up done: the guest is still unhappy (a manager is told)',
  unreachable: 'follow-up done: could not reach the guest',
} as const;

/** What a thread-reply confirmation records, in words: "Acknowledged and Corrected (dessert)". */
function recorded(
  s: Style,
  p: {
    steps: Array<keyof typeof STEP_WORDS>;
    outcome?: keyof typeof OUTCOME_WORDS;
    gesture?: string;
    escalate?: boolean;
  },
): string {
  if (p.outcome) return OUTCOME_WORDS[p.outcome];
  if (p.escalate) return 'escalated to a manager: the guest is still unhappy';
  const names = p.steps.map((step) =>
    step === 'correct' && p.gesture
      ? `${s.strong(STEP_WORDS[step])} (${s.text(p.gesture)})`
      : s.strong(STEP_WORDS[step]),
  );
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
}

/** The sentences of one-gesture capture, thread-reply steps, comp approvals and private slips (spread into SAY). */
export const CAPTURE_SAY = {
  captureShown: (s: Style, p: { emoji: string }) =>
    `React with :${s.text(p.emoji)}: to any message in a watched channel to log it as a guest slip. A manager can change the emoji: ${s.code(s.command('capture :emoji:'))}.`,
  captureSet: (s: Style, p: { emoji: string; by: string }) =>
    `From now on, :${s.text(p.emoji)}: on a message in a watched channel logs it as a guest slip (set by ${s.person(p.by)}).`,
  captureBadEmoji: (s: Style) => `Name the emoji like this: ${s.code(s.command('capture :sos:'))}.`,
  captureNotSetUp: () => 'Capture by reaction is not set up on this server.',
  stepOffer: (s: Style, p: Parameters<typeof recorded>[1] & { slipId: string }) =>
    `Record ${recorded(s, p)} on slip #${p.slipId}? Tap to confirm; nothing is recorded until you do.`,
  stepRecorded: (s: Style, p: Parameters<typeof recorded>[1] & { slipId: string }) =>
    `Recorded ${recorded(s, p)} on slip #${p.slipId}. The card is up to date.`,
  stepOfferGone: () => 'That suggestion has expired or was already answered. Use the card’s buttons instead.',
  stepOfferDismissed: () => 'OK, nothing recorded.',
  stepOfferNotYours: () => 'Only the person who wrote that reply can confirm it.',
  compOverLimit: (s: Style, p: { gesture: string; cost: string }) =>
    `${s.text(p.gesture)} (${p.cost}) is over your comp limit. Ask a shift lead or manager on shift to approve it here.`,
  compAsked: (s: Style, p: { approvers: string[]; gesture: string; cost: string; slipId: string }) =>
    `Asked ${p.approvers.map((a) => s.person(a)).join(', ')} to approve ${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId}. You'll hear back here.`,
  /** Nobody who may approve it has been active lately: it went to them anyway, and the asker knows at once. */
  compAskedOffShift: (
    s: Style,
    p: { approvers: string[]; gesture: string; cost: string; slipId: string; inThread: boolean },
  ) =>
    `Nobody who may approve ${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId} is on shift now. Asked ${p.approvers.map((a) => s.person(a)).join(', ')}${p.inThread ? " in the slip's thread" : ''} anyway, but they may not see it soon: if the guest is waiting, ask a manager in person.`,
  /** The request reached none of the people who may approve it (none could be messaged). */
  compReachedNobody: (s: Style, p: { approvers: string[]; gesture: string; cost: string; slipId: string }) =>
    `Nobody could be reached to approve ${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId}: I could not send the request to ${p.approvers.map((a) => s.person(a)).join(', ')} (someone I have never talked to cannot be messaged yet). Ask a manager in person; the request stays open.`,
  /** `slipText` is left out for a private slip: an approver who is not a manager must not read it. */
  compRequest: (s: Style, p: { requester: string; gesture: string; cost: string; slipId: string; slipText?: string }) =>
    `${s.person(p.requester)} asks to give ${s.strong(s.text(p.gesture))} (${p.cost}) on slip #${p.slipId}${p.slipText === undefined ? '' : `: “${s.text(p.slipText)}”`}. The first answer counts.`,
  /** The request posted once in the slip's thread (approvals.requestsIn: channel), naming who may answer it. */
  compRequestInChannel: (
    s: Style,
    p: { approvers: string[]; requester: string; gesture: string; cost: string; slipId: string },
  ) =>
    `${p.approvers.map((a) => s.person(a)).join(', ')}: ${s.person(p.requester)} asks to give ${s.strong(s.text(p.gesture))} (${p.cost}) on slip #${p.slipId}. Anyone whose comp limit covers it may answer; the first answer counts.`,
  compAskedInChannel: (s: Style, p: { approvers: string[]; gesture: string; cost: string; slipId: string }) =>
    `Asked ${p.approvers.map((a) => s.person(a)).join(', ')} in the slip's thread to approve ${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId}. You'll be told the answer.`,
  compAnswered: (
    s: Style,
    p: {
      decision: 'approved' | 'declined';
      by: string;
      gesture: string;
      cost: string;
      slipId: string;
      reason?: string;
    },
  ) =>
    `${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId} was ${p.decision} by ${s.person(p.by)}${p.reason ? `: “${s.text(p.reason)}”` : ''}.`,
  compAlreadyAnswered: (s: Style, p: { decision: 'approved' | 'declined'; by: string }) =>
    `Already ${p.decision} by ${s.person(p.by)}: your answer changed nothing.`,
  compNotRecorded: (s: Style, p: { reason: string }) =>
    `Approved, but the card could not record it now (${s.text(p.reason)}): record the gesture on the card.`,
  compEscalated: (s: Style, p: { gesture: string; cost: string; slipId: string }) =>
    `Nobody has answered your request for ${s.text(p.gesture)} (${p.cost}) on slip #${p.slipId} yet: the manager on duty has been told. The request still stands.`,
  /** Why the manager on duty is told (the escalation's reason, stored on the slip as plain words). */
  compUnansweredReason: (s: Style, p: { gesture: string; cost: string; waited: string }) =>
    `a comp of ${s.text(p.gesture)} (${p.cost}) has waited ${p.waited} for approval and nobody has answered`,
  compDeclineReason: () => 'Reason, if you decline (optional)',
  compAskNotYours: () => 'Only the person whose comp it is can ask for approval.',
  privateSlipLogged: () => 'A private slip was logged; only the people who need it can see it.',
  /** What a channel card says when it could not be deleted and the playbook keeps private slips silent. */
  privateSlipWithdrawn: () => 'This card was withdrawn.',
  privateSlipForManagers: (s: Style, p: { reporter: string; slipId: string }) =>
    `Private slip #${p.slipId}, reported by ${s.person(p.reporter)}: not shown in the channel.`,
  privateSlipSent: (_s: Style, p: { slipId: string }) =>
    `Slip #${p.slipId} is private: its card is in your direct messages with me, and the managers have it.`,
} as const;
