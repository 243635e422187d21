import type { ClockReading } from '../../clock/clock';
import { spokenDuration } from '../../clock/clock';
import type { Style } from '../style';

const PAST = { acknowledge: 'acknowledged', correct: 'corrected', connect: 'connected' } as const;
const NEXT = { acknowledge: 'Acknowledged', correct: 'Corrected…' } as const;

/** The recovery clock's words: the line on the card, the nudge in the thread, the reason a manager is told. */
export const CLOCK_SAY = {
  /** "acknowledged in 1 min 40 s · open 7 min: correct is overdue" */
  clockLine: (_s: Style, p: { parts: ClockReading[] }) =>
    p.parts
      .map((part) =>
        part.kind === 'done'
          ? `${PAST[part.step]} in ${spokenDuration(part.tookMs)}${part.late ? ' (late)' : ''}`
          : part.overdue
            ? `open ${spokenDuration(part.openMs)}: ${part.step} is overdue`
            : `open ${spokenDuration(part.openMs)}: ${part.step} within ${spokenDuration(part.openMs + part.dueInMs)}`,
      )
      .join(' · '),
  /** A missed target, in the slip's thread: to its people, or to the shift when they are off. */
  clockNudge: (
    s: Style,
    p: { slipId: string; step: 'acknowledge' | 'correct'; openMs: number; targetMs: number; people: string[] },
  ) => {
    const who =
      p.people.length > 0
        ? `${p.people.map((id) => s.person(id)).join(', ')}, or whoever is on shift`
        : 'Whoever is on shift';
    const what =
      p.step === 'acknowledge'
        ? 'own it with the guest now (no excuses)'
        : 'fix the real problem now, or give the guest an apology and a plan';
    return `⏱ Slip #${p.slipId} is open ${spokenDuration(p.openMs)} and not ${PAST[p.step]} yet (target ${spokenDuration(p.targetMs)}). ${who}: ${what}, then press ${s.strong(NEXT[p.step])} on the card.`;
  },
  /** Why the manager on duty is told (the escalation's reason, on the slip and in the alert). */
  clockManagerReason: (_s: Style, p: { openMs: number; acknowledged: boolean }) =>
    `not corrected ${spokenDuration(p.openMs)} after it was reported${p.acknowledged ? '' : ', not even acknowledged'}`,
} as const;
