import { type Playbook, type Severity, targetsFor } from '../playbook/schema';
import { isOpen, type Slip } from '../slips/slip';

/** The recovery clock's three targets, in ms after the report (as the playbook set them when the slip came in). */
export interface ClockTargets {
  acknowledgeMs: number;
  correctMs: number;
  managerMs: number;
}

/** A target a job watches: a step to be done in time, or the manager on duty told when the fix is still missing. */
export type ClockTarget = 'acknowledge' | 'correct' | 'manager';
export const CLOCK_TARGETS: readonly ClockTarget[] = ['acknowledge', 'correct', 'manager'];

/** When each step of a slip was done (epoch ms), read from its timeline; the first time counts (a reopen keeps it). */
export interface StepTimes {
  reportedAt: number;
  acknowledgedAt?: number;
  correctedAt?: number;
  connectedAt?: number;
  /** When it was closed or dismissed, when it is. */
  endedAt?: number;
}

/** The targets for a new slip, from its playbook, category and severity. */
export function clockTargets(playbook: Playbook, categoryId: string, severity: Severity): ClockTargets {
  const t = targetsFor(playbook, categoryId, severity);
  return { acknowledgeMs: t.acknowledge * 60_000, correctMs: t.correct * 60_000, managerMs: t.manager * 60_000 };
}

export function stepTimes(slip: Pick<Slip, 'createdAt' | 'timeline' | 'status'>): StepTimes {
  const first = (kind: string) => slip.timeline.find((e) => e.kind === kind)?.at;
  const times: StepTimes = { reportedAt: slip.createdAt };
  const acknowledged = first('acknowledged');
  const corrected = first('corrected');
  const connected = first('connected');
  if (acknowledged !== undefined) times.acknowledgedAt = acknowledged;
  if (corrected !== undefined) times.correctedAt = corrected;
  if (connected !== undefined) times.connectedAt = connected;
  if (slip.status === 'closed' || slip.status === 'dismissed') {
    const ended = [...slip.timeline].reverse().find((e) => e.kind === 'closed' || e.kind === 'dismissed')?.at;
    if (ended !== undefined) times.endedAt = ended;
  }
  return times;
}

/** How long each step took from the report (ms), for the ones done. */
export function stepDurations(times: StepTimes): { acknowledge?: number; correct?: number; connect?: number } {
  const since = (at: number | undefined) => (at === undefined ? undefined : Math.max(0, at - times.reportedAt));
  return {
    acknowledge: since(times.acknowledgedAt),
    correct: since(times.correctedAt),
    connect: since(times.connectedAt),
  };
}

/** When a target falls due (epoch ms). */
export function targetDueAt(times: StepTimes, targets: ClockTargets, target: ClockTarget): number {
  const ms = { acknowledge: targets.acknowledgeMs, correct: targets.correctMs, manager: targets.managerMs }[target];
  return times.reportedAt + ms;
}

/**
 * Whether a target is already taken care of: its step done (a fix also meets the acknowledge target: an apology
 * with a plan), the slip closed or dismissed, or, for the manager target, a manager already told.
 */
export function targetMet(slip: Slip, target: ClockTarget): boolean {
  if (!isOpen(slip)) return true;
  const times = stepTimes(slip);
  switch (target) {
    case 'acknowledge':
      return times.acknowledgedAt !== undefined || times.correctedAt !== undefined;
    case 'correct':
      return times.correctedAt !== undefined;
    case 'manager':
      return times.correctedAt !== undefined || slip.escalated;
  }
}

/** The targets a new (or changed) slip still has to meet, with when each falls due. */
export function pendingTargets(slip: Slip): Array<{ target: ClockTarget; at: number }> {
  if (!slip.targets) return [];
  const times = stepTimes(slip);
  const targets = slip.targets;
  return CLOCK_TARGETS.filter((t) => !targetMet(slip, t)).map((target) => ({
    target,
    at: targetDueAt(times, targets, target),
  }));
}

/** What the card says about the clock: the steps' times, and the next step's deadline or that it is overdue. */
export interface ClockView {
  times: StepTimes;
  targets: ClockTargets;
  open: boolean;
}

export type ClockReading =
  | { kind: 'done'; step: 'acknowledge' | 'correct' | 'connect'; tookMs: number; late: boolean }
  | { kind: 'waiting'; step: 'acknowledge' | 'correct'; openMs: number; dueInMs: number; overdue: boolean };

/**
 * The clock at `now`, in parts: each step done and how long it took (late when past its target), then, while the
 * slip is open and not corrected, how long it has been open and whether the next step is overdue.
 */
export function readClock(view: ClockView, now: number): ClockReading[] {
  const { times, targets } = view;
  const took = stepDurations(times);
  const parts: ClockReading[] = [];
  if (took.acknowledge !== undefined)
    parts.push({
      kind: 'done',
      step: 'acknowledge',
      tookMs: took.acknowledge,
      late: took.acknowledge > targets.acknowledgeMs,
    });
  if (took.correct !== undefined)
    parts.push({ kind: 'done', step: 'correct', tookMs: took.correct, late: took.correct > targets.correctMs });
  if (took.connect !== undefined) parts.push({ kind: 'done', step: 'connect', tookMs: took.connect, late: false });
  if (view.open && took.correct === undefined) {
    const step = took.acknowledge === undefined ? 'acknowledge' : 'correct';
    const openMs = Math.max(0, now - times.reportedAt);
    const limit = step === 'acknowledge' ? targets.acknowledgeMs : targets.correctMs;
    parts.push({ kind: 'waiting', step, openMs, dueInMs: limit - openMs, overdue: openMs > limit });
  }
  return parts;
}

/** A duration as people say it: "40 s", "1 min 40 s", "7 min", "2 h 5 min". */
export function spokenDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
