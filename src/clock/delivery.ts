import { render, said } from '../conversation/catalogue';
import { plainStyle } from '../conversation/style';
import { AppError } from '../errors';
import { deliverAboutSlip } from '../followups/deliverAboutSlip';
import { type FollowUpPolicy, ownerOffShift } from '../followups/delivery';
import type { ActivityLog, DeliveryLedger, ShiftCalendar } from '../followups/ports';
import type { PlaybookSource } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Slip } from '../slips/slip';
import type { Messenger, Outbound } from '../views/outbound';
import { buildRecoveryCard } from '../views/recoveryCard';
import { stepTimes, targetDueAt, targetMet } from './clock';
import type { ClockJob } from './ports';

export interface ClockDeliveryOptions {
  service: Pick<SlipService, 'get' | 'act'>;
  /** For redrawing the card after a target passes (its clock words, "correct is overdue"). */
  playbooks?: PlaybookSource;
  messenger: Messenger;
  ledger: DeliveryLedger;
  /** The reminders' off-shift rule: hand the nudge to the shift on duty, or wait for the owner's shift. */
  policy: Pick<FollowUpPolicy, 'offShift'>;
  calendar?: ShiftCalendar;
  activity?: ActivityLog;
  clock?: () => number;
  onUnverified?: (key: string) => void;
  /** Told of each nudge sent and each manager told, for metrics. */
  onMissed?: (target: ClockJob['target']) => void;
}

export type ClockResult = { kind: 'done'; note: string } | { kind: 'later'; at: number; job: ClockJob };

/** A job may run this much before its time (timer jitter) and still count as due. */
const EARLY_TOLERANCE_MS = 1000;

/** The words of a reason stored on the slip (no surface's marks: plain text). */
const PLAIN = plainStyle({ command: (w) => w, report: (w) => w, home: 'home' });

/**
 * Runs a clock job when its target falls due. The slip is read again, so a step done meanwhile (or a close) makes
 * the job a no-op. A missed acknowledge or correct target nudges in the slip's thread, once (ledger key per slip
 * and target); the manager target tells the manager on duty through the escalation path, once (a slip already
 * escalated is not escalated again).
 */
export class ClockDelivery {
  private readonly clock: () => number;

  constructor(private readonly options: ClockDeliveryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async process(job: ClockJob): Promise<ClockResult> {
    const slip = await this.options.service.get(job.tenant, job.slipId).catch((error) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (!slip?.targets) return { kind: 'done', note: 'no such slip, or it has no clock' };
    if (targetMet(slip, job.target)) return { kind: 'done', note: `the ${job.target} target was met` };
    const now = this.clock();
    const due = targetDueAt(stepTimes(slip), slip.targets, job.target);
    if (due > now + EARLY_TOLERANCE_MS) return { kind: 'later', at: due, job: { ...job, dueAt: due } };
    return job.target === 'manager' ? this.tellManager(slip, now) : this.nudge(slip, job, now);
  }

  private async nudge(slip: Slip, job: ClockJob, now: number): Promise<ClockResult> {
    const off = await ownerOffShift(this.options, slip, now);
    if (off && this.options.policy.offShift === 'wait' && off.ownerShiftStart > now)
      return { kind: 'later', at: off.ownerShiftStart, job };
    const step = job.target === 'acknowledge' ? 'acknowledge' : 'correct';
    const targets = slip.targets!;
    const people = off ? [] : [...new Set([slip.owner, slip.reporter])];
    const message: Outbound = {
      kind: 'said',
      said: said('clockNudge', {
        slipId: slip.id,
        step,
        openMs: now - slip.createdAt,
        targetMs: step === 'acknowledge' ? targets.acknowledgeMs : targets.correctMs,
        people,
      }),
      people,
    };
    const key = clockDeliveryKey(slip, job.target);
    // in the thread, where the whole team sees the slip (a private one's nudge goes to its owner alone)
    const sent = await deliverAboutSlip(this.options, slip, { key, message, where: 'thread' });
    if (sent === 'sent') this.options.onMissed?.(job.target);
    await this.redrawCard(slip);
    return { kind: 'done', note: `nudged: ${job.target} missed (${sent})` };
  }

  /**
   * The card's clock words change when a target passes ("correct is overdue"): redraw it where it lives. Best
   * effort: the nudge is what must arrive; a card that stays a minute stale is redrawn by the next press.
   */
  private async redrawCard(slip: Slip): Promise<void> {
    const { messenger, playbooks } = this.options;
    if (!messenger.updateCard || !playbooks) return;
    try {
      const current = await this.options.service.get(slip.tenant, slip.id);
      const { playbook } = await playbooks.current(slip.tenant);
      await messenger.updateCard(current, buildRecoveryCard(current, playbook.venue, playbook.categories));
    } catch {
      // the next press redraws it
    }
  }

  private async tellManager(slip: Slip, now: number): Promise<ClockResult> {
    const reason = render(
      said('clockManagerReason', {
        openMs: now - slip.createdAt,
        acknowledged: stepTimes(slip).acknowledgedAt !== undefined,
      }),
      PLAIN,
    );
    await this.options.service.act(slip.tenant, slip.id, 'recovery-coach', { kind: 'escalate', reason });
    this.options.onMissed?.('manager');
    await this.redrawCard(slip);
    return { kind: 'done', note: 'the manager on duty was told' };
  }
}

/** One nudge per slip and target, whatever the retries, workers or restarts. */
export function clockDeliveryKey(slip: Pick<Slip, 'tenant' | 'id'>, target: ClockJob['target']): string {
  return `clk|${slip.tenant}|${slip.id}|${target}`;
}
