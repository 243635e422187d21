import { clockTargets } from '../clock/clock';
import type { ClockScheduler } from '../clock/ports';
import type { Coach } from '../coach/coach';
import type { Detection } from '../coach/detector';
import { parseTiming } from '../followups/timing';
import type { Playbook, Role } from '../playbook/schema';
import { escalationReason } from './escalation';
import { followUpDue } from './followUpDue';
import { guestFromText } from './freeText';
import { applyAction } from './lifecycle';
import type { Clock, FollowUpScheduler, IncomingMessage, ManagerAlerts, PlaybookSource } from './ports';
import { playbookCacheKey } from './ports';
import { forced, type ReportOptions } from './reportInput';
import type { NewSlip, Slip } from './slip';
import type { SlipStore } from './store';
import type { VenueTeaching } from './venueTeaching';

/** Told about new slips and posted cards (metrics). */
export interface SlipObserver {
  slipCreated?(slip: Slip): void;
  cardPosted?(slip: Slip): void;
}

/** What reporting a slip needs: reading the message, storing the slip, and starting what a new slip starts. */
export interface SlipReportingDeps {
  slips: SlipStore;
  playbooks: PlaybookSource;
  coach: Coach;
  teaching: VenueTeaching;
  clock: Clock;
  /** The playbook role of a user (the reporter's role shapes the advice). */
  roleOf(tenant: string, user: string, playbook: Playbook): Promise<Role>;
  followUps?: FollowUpScheduler;
  clocks?: ClockScheduler;
  alerts?: ManagerAlerts;
  observer?: SlipObserver;
}

type Ignored = { kind: 'ignored'; reason: 'unwatched' | 'not_a_slip' | 'empty'; detection?: Detection };
type Read = { kind: 'read'; playbook: Playbook; text: string; detection: Detection };

export type ReportResult = Ignored | { kind: 'reported'; slip: Slip; created: boolean };
export type PreviewResult = Ignored | { kind: 'preview'; slip: Slip; playbook: Playbook };

/** Longest staff message we store; the rest is cut with an ellipsis (Slack allows 40,000 characters). */
export const MAX_SLIP_TEXT = 4000;

/**
 * Turning a message into a slip: read it with the tenant's playbook and the venue's layer, draft the slip with its
 * advice, and store it once with what happens to a new slip at once (escalation, follow-up, clock).
 */
export class SlipReporting {
  /** The last playbook read per tenant, so an outage can still tell a slip from chatter. */
  private readonly lastPlaybook = new Map<string, { playbook: Playbook; key: string }>();

  constructor(private readonly deps: SlipReportingDeps) {}

  /**
   * Reports a slip. With `force` (`/recover …`, the message shortcut) the message is logged even when the detector
   * would stay quiet, in the detector's best category (or the playbook's fallback); the options override the
   * category, severity and guest reference.
   */
  async report(message: IncomingMessage, options: ReportOptions = {}): Promise<ReportResult> {
    const { deps } = this;
    const read = await this.read(message, options);
    if (read.kind === 'ignored') return read;
    if (!options.force) {
      const existing = await deps.slips.findByMessage(message.tenant, message.channel, message.messageRef);
      if (existing) return { kind: 'reported', slip: existing, created: false };
    }
    // the slip is stored once, as it stands after its first moments (escalated, follow-up set); the jobs and alerts
    // those need come after, and only for the one report that created it
    const draft = this.firstMoments(privately(await this.draft(message, read), read.playbook, options), read.playbook);
    const { slip, created } = await deps.slips.create(draft);
    if (!created) return { kind: 'reported', slip, created };
    deps.observer?.slipCreated?.(slip);
    // a slip a person logged by hand is the venue's word on what a slip is, and which kind
    if (options.force) await deps.teaching.teach(slip, 'logged', slip.categoryId, message.user);
    if (slip.escalated) await deps.alerts?.escalate(slip, escalationReason(slip));
    if (slip.followUp?.status === 'scheduled') await deps.followUps?.schedule(slip);
    await deps.clocks?.start(slip);
    return { kind: 'reported', slip, created };
  }

  /** What `report` would log, without storing anything (the `/recover …` preview). */
  async preview(message: IncomingMessage, options: ReportOptions = {}): Promise<PreviewResult> {
    const read = await this.read(message, options);
    if (read.kind === 'ignored') return read;
    return {
      kind: 'preview',
      slip: { ...privately(await this.draft(message, read), read.playbook, options), id: '', version: 0 },
      playbook: read.playbook,
    };
  }

  /**
   * Whether a message reads as a slip by the tenant's last known playbook, without touching any store: used to
   * decide whether to tell a channel that a slip could not be saved during an outage.
   */
  looksLikeSlipOffline(tenant: string, text: string): boolean {
    const last = this.lastPlaybook.get(tenant);
    return last ? this.deps.coach.read(text, last.playbook, last.key).detection.isSlip : false;
  }

  /**
   * What happens to a new slip at once, applied before it is stored: a severe or safety slip is escalated, and a
   * follow-up the playbook times from the report is scheduled.
   */
  private firstMoments(draft: NewSlip, playbook: Playbook): NewSlip {
    let slip: Slip = { ...draft, id: '', version: 0 };
    const now = this.deps.clock();
    if (slip.advice.escalate)
      slip = applyAction(slip, { kind: 'escalate', reason: escalationReason(slip) }, 'recovery-coach', now);
    const timing = parseTiming(slip.advice.followUp);
    if (timing.ok && timing.timing.kind === 'after' && timing.timing.from === 'report') {
      const due = followUpDue(slip, playbook, now);
      if (due !== undefined) slip = applyAction(slip, { kind: 'schedule_followup', dueAt: due }, 'recovery-coach', now);
    }
    const { id: _id, version: _version, ...stored } = slip;
    return stored;
  }

  private async read(message: IncomingMessage, options: ReportOptions): Promise<Read | Ignored> {
    if (message.text.trim() === '') return { kind: 'ignored', reason: 'empty' };
    const book = await this.deps.playbooks.current(message.tenant);
    const playbook = book.playbook;
    const key = playbookCacheKey(message.tenant, book);
    this.lastPlaybook.set(message.tenant, { playbook, key });
    const venue = await this.deps.teaching.layerFor(message.tenant);
    const reading = this.deps.coach.read(message.text, playbook, key, venue);
    if (!reading.detection.isSlip && !options.force)
      return { kind: 'ignored', reason: 'not_a_slip', detection: reading.detection };
    const detection = forced(reading.detection, playbook, options);
    const guestRef = options.guestRef?.trim() ? guestFromText(options.guestRef) : detection.guestRef;
    return { kind: 'read', playbook, text: reading.text, detection: { ...detection, guestRef } };
  }

  private async draft(message: IncomingMessage, read: Read): Promise<NewSlip> {
    const { playbook, detection } = read;
    const now = this.deps.clock();
    const role = await this.deps.roleOf(message.tenant, message.user, playbook);
    const since = now - playbook.repeatWindowHours * 3_600_000;
    const earlier = detection.guestRef
      ? await this.deps.slips.forGuest(message.tenant, detection.guestRef.key, since)
      : [];
    const advice = this.deps.coach.advise({
      text: read.text,
      detection: { ...detection, categoryId: detection.categoryId! },
      playbook,
      role,
      earlierForGuest: earlier.length,
      guestRef: detection.guestRef,
    });
    return {
      tenant: message.tenant,
      platform: message.platform,
      channel: message.channel,
      messageRef: message.messageRef,
      threadRef: message.threadRef ?? message.messageRef,
      reporter: message.user,
      owner: message.user,
      text: clipSlipText(read.text),
      categoryId: advice.categoryId,
      severity: advice.severity,
      confidence: detection.confidence,
      guestRef: detection.guestRef,
      advice,
      status: 'open',
      escalated: false,
      repeatOf: earlier.map((s) => s.id),
      createdAt: now,
      updatedAt: now,
      targets: clockTargets(playbook, advice.categoryId, advice.severity),
      timeline: [{ at: now, by: message.user, kind: 'reported' }],
    };
  }
}

/** A slip's text as stored: at most MAX_SLIP_TEXT characters, the cut marked with an ellipsis. */
export function clipSlipText(text: string): string {
  return text.length <= MAX_SLIP_TEXT ? text : `${text.slice(0, MAX_SLIP_TEXT - 1)}…`;
}

/** A slip is private when the person said so or its category is one the playbook keeps private. */
function privately(draft: NewSlip, playbook: Playbook, options: ReportOptions): NewSlip {
  const category = playbook.categories.find((c) => c.id === draft.categoryId);
  return options.private || category?.private ? { ...draft, private: true } : draft;
}
