import { clockTargets } from '../clock/clock';
import type { ClockScheduler } from '../clock/ports';
import type { Coach } from '../coach/coach';
import type { Detection } from '../coach/detector';
import { AppError } from '../errors';
import type { ActivityLog } from '../followups/ports';
import { dueAt, parseTiming } from '../followups/timing';
import { findRole, type Playbook, type Role } from '../playbook/schema';
import { recorded, type SlipChangeRecorder } from './changeRecorder';
import { guestFromText, redactAction } from './freeText';
import { applyAction, type SlipAction } from './lifecycle';
import type {
  ChannelWatch,
  Clock,
  FollowUpScheduler,
  IncomingMessage,
  ManagerAlerts,
  PlaybookSource,
  RoleResolver,
} from './ports';
import { playbookCacheKey } from './ports';
import { forced, type ReportOptions } from './reportInput';
import type { NewSlip, Slip } from './slip';
import { checkPickedGesture } from './stepForms';
import type { SlipStore } from './store';
import type { VenueLearning } from './venueLearning';
import { VenueTeaching } from './venueTeaching';

export interface SlipServiceOptions {
  slips: SlipStore;
  playbooks: PlaybookSource;
  coach: Coach;
  /** @defaultValue everyone has the playbook's default role */
  roles?: RoleResolver;
  /** @defaultValue every channel is watched */
  channels?: ChannelWatch;
  followUps?: FollowUpScheduler;
  /** The recovery clock: started for each new slip, settled when a step is done. */
  clocks?: ClockScheduler;
  alerts?: ManagerAlerts;
  /** Records who was active when (for off-shift reminders). */
  activity?: ActivityLog;
  /** @defaultValue Date.now */
  clock?: Clock;
  /** The venue's own learning: corrections and hand-logged slips are kept as its examples; reading uses its layer. */
  learning?: Pick<VenueLearning, 'record' | 'forget' | 'layerFor'>;
  /** Told about new slips and posted cards (metrics). */
  observer?: { slipCreated?(slip: Slip): void; cardPosted?(slip: Slip): void };
  /** Told about every stored change to a slip (the insights counters); best effort, never fails the action. */
  insights?: SlipChangeRecorder;
}

type Ignored = { kind: 'ignored'; reason: 'unwatched' | 'not_a_slip' | 'empty'; detection?: Detection };
type Read = { kind: 'read'; playbook: Playbook; text: string; detection: Detection };

export type ReportResult = Ignored | { kind: 'reported'; slip: Slip; created: boolean };
export type PreviewResult = Ignored | { kind: 'preview'; slip: Slip; playbook: Playbook };

export type { ReportOptions } from './reportInput';

/** Longest staff message we store; the rest is cut with an ellipsis (Slack allows 40,000 characters). */
export const MAX_SLIP_TEXT = 4000;

/**
 * The use cases behind every button and message: report a slip from a message, move it through its steps, keep
 * the follow-up and the managers in the loop. Platform adapters translate and call exactly one of these.
 */
export class SlipService {
  private readonly options: SlipServiceOptions;
  private readonly clock: Clock;
  private readonly teaching: VenueTeaching;
  /** The last playbook read per tenant, so an outage can still tell a slip from chatter. */
  private readonly lastPlaybook = new Map<string, { playbook: Playbook; key: string }>();

  constructor(options: SlipServiceOptions) {
    this.options = options.insights ? { ...options, slips: recorded(options.slips, options.insights) } : options;
    this.clock = options.clock ?? Date.now;
    this.teaching = new VenueTeaching(options.learning, this.clock);
  }

  /** The detector confidence a message needs to read as a slip (a preview says so when a forced one is below it). */
  get threshold(): number {
    return this.options.coach.threshold;
  }

  /** A top-level message in a channel: a slip when the channel is watched and the detector says so. */
  async onChannelMessage(message: IncomingMessage): Promise<ReportResult> {
    const watched = (await this.options.channels?.isWatched(message.tenant, message.channel)) ?? true;
    if (!watched) return { kind: 'ignored', reason: 'unwatched' };
    return this.report(message);
  }

  /**
   * Reports a slip. With `force` (`/recover …`, the message shortcut) the message is logged even when the detector
   * would stay quiet, in the detector's best category (or the playbook's fallback); the options override the
   * category, severity and guest reference.
   */
  async report(message: IncomingMessage, options: ReportOptions = {}): Promise<ReportResult> {
    this.seen(message.tenant, message.user);
    const read = await this.read(message, options);
    if (read.kind === 'ignored') return read;
    if (!options.force) {
      const existing = await this.options.slips.findByMessage(message.tenant, message.channel, message.messageRef);
      if (existing) return { kind: 'reported', slip: existing, created: false };
    }
    // the slip is stored once, as it stands after its first moments (escalated, follow-up set); the jobs and alerts
    // those need come after, and only for the one report that created it
    const draft = this.firstMoments(privately(await this.draft(message, read), read.playbook, options), read.playbook);
    const { slip, created } = await this.options.slips.create(draft);
    if (!created) return { kind: 'reported', slip, created };
    this.options.observer?.slipCreated?.(slip);
    // a slip a person logged by hand is the venue's word on what a slip is, and which kind
    if (options.force) await this.teaching.teach(slip, 'logged', slip.categoryId, message.user);
    if (slip.escalated) await this.options.alerts?.escalate(slip, escalationReason(slip));
    if (slip.followUp?.status === 'scheduled') await this.options.followUps?.schedule(slip);
    await this.options.clocks?.start(slip);
    return { kind: 'reported', slip, created };
  }

  /**
   * What happens to a new slip at once, applied before it is stored: a severe or safety slip is escalated, and a
   * follow-up the playbook times from the report is scheduled.
   */
  private firstMoments(draft: NewSlip, playbook: Playbook): NewSlip {
    let slip: Slip = { ...draft, id: '', version: 0 };
    const now = this.clock();
    if (slip.advice.escalate)
      slip = applyAction(slip, { kind: 'escalate', reason: escalationReason(slip) }, 'recovery-coach', now);
    const timing = parseTiming(slip.advice.followUp);
    if (timing.ok && timing.timing.kind === 'after' && timing.timing.from === 'report') {
      const due = this.followUpDue(slip, playbook);
      if (due !== undefined) slip = applyAction(slip, { kind: 'schedule_followup', dueAt: due }, 'recovery-coach', now);
    }
    const { id: _id, version: _version, ...stored } = slip;
    return stored;
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

  private async read(message: IncomingMessage, options: ReportOptions): Promise<Read | Ignored> {
    if (message.text.trim() === '') return { kind: 'ignored', reason: 'empty' };
    const book = await this.options.playbooks.current(message.tenant);
    const playbook = book.playbook;
    const key = playbookCacheKey(message.tenant, book);
    this.lastPlaybook.set(message.tenant, { playbook, key });
    const venue = await this.teaching.layerFor(message.tenant);
    const reading = this.options.coach.read(message.text, playbook, key, venue);
    if (!reading.detection.isSlip && !options.force)
      return { kind: 'ignored', reason: 'not_a_slip', detection: reading.detection };
    const detection = forced(reading.detection, playbook, options);
    const guestRef = options.guestRef?.trim() ? guestFromText(options.guestRef) : detection.guestRef;
    return { kind: 'read', playbook, text: reading.text, detection: { ...detection, guestRef } };
  }

  private async draft(message: IncomingMessage, read: Read): Promise<NewSlip> {
    const { playbook, detection } = read;
    const now = this.clock();
    const role = await this.roleOf(message.tenant, message.user, playbook);
    const since = now - playbook.repeatWindowHours * 3_600_000;
    const earlier = detection.guestRef
      ? await this.options.slips.forGuest(message.tenant, detection.guestRef.key, since)
      : [];
    const advice = this.options.coach.advise({
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
      text: truncate(read.text, MAX_SLIP_TEXT),
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

  /**
   * Whether a message reads as a slip by the tenant's last known playbook, without touching any store: used to
   * decide whether to tell a channel that a slip could not be saved during an outage.
   */
  looksLikeSlipOffline(tenant: string, text: string): boolean {
    const last = this.lastPlaybook.get(tenant);
    return last ? this.options.coach.read(text, last.playbook, last.key).detection.isSlip : false;
  }

  /** A source message was edited: the slip's text follows it. Never creates a slip. */
  async onMessageEdited(message: IncomingMessage): Promise<Slip | undefined> {
    const slip = await this.options.slips.findByMessage(message.tenant, message.channel, message.messageRef);
    if (!slip) return undefined;
    const current = await this.options.playbooks.current(message.tenant);
    const text = this.options.coach.read(
      message.text,
      current.playbook,
      playbookCacheKey(message.tenant, current),
    ).text;
    if (text === slip.text) return slip;
    return this.options.slips.update(slip.tenant, slip.id, (s) =>
      applyAction(s, { kind: 'edit', text: truncate(text, MAX_SLIP_TEXT) }, message.user, this.clock()),
    );
  }

  async get(tenant: string, slipId: string): Promise<Slip> {
    const slip = await this.options.slips.get(tenant, slipId);
    if (!slip) throw new AppError('NOT_FOUND', `There is no slip #${slipId}.`);
    return slip;
  }

  /** Applies one action by `actor`, with its side effects (follow-up, escalation, cancellation). */
  async act(tenant: string, slipId: string, actor: string, typed: SlipAction): Promise<Slip> {
    if (actor !== 'recovery-coach') this.seen(tenant, actor);
    const action = redactAction(typed);
    const before = await this.get(tenant, slipId);
    if (action.kind === 'correct' && action.picked)
      checkPickedGesture((await this.options.playbooks.current(tenant)).playbook, before, action.gesture);
    if (action.kind === 'correct' && action.cost) await this.checkCompLimit(tenant, actor, action.cost);
    const now = this.clock();
    let slip = await this.options.slips.update(tenant, slipId, (s) => applyAction(s, action, actor, now));
    // best effort: a clock job that outlives its target finds it met when it runs, and does nothing
    if (SETTLES_CLOCK.has(action.kind)) await this.options.clocks?.settle(slip).catch(() => undefined);
    switch (action.kind) {
      case 'correct': {
        const { playbook } = await this.options.playbooks.current(tenant);
        if (slip.followUp?.status !== 'scheduled') slip = await this.scheduleFromPlaybook(slip, playbook);
        break;
      }
      case 'schedule_followup':
      case 'snooze':
        await this.options.followUps?.schedule(slip);
        break;
      case 'close':
        if (before.followUp?.status === 'scheduled') await this.options.followUps?.cancel(slip);
        break;
      case 'dismiss':
        if (before.followUp?.status === 'scheduled') await this.options.followUps?.cancel(slip);
        await this.teaching.teach(slip, 'dismissed', undefined, actor);
        break;
      case 'reopen':
        // "not a slip" taken back: the venue no longer says so
        if (before.status === 'dismissed') await this.teaching.unteach(slip);
        // open again: the targets it has not met are watched again (a nudge already sent is not sent twice)
        await this.options.clocks?.start(slip).catch(() => undefined);
        break;
      case 'escalate':
        await this.options.alerts?.escalate(slip, action.reason);
        break;
      case 'followup_done':
        if (action.outcome === 'not_recovered')
          slip = await this.escalate(slip, 'the guest is still unhappy after the follow-up', actor);
        break;
      default:
        break;
    }
    return slip;
  }

  /**
   * "Wrong category?": the slip moves to the category a person names, with that category's advice (and its default
   * severity, unless the message itself reads as the same category); the venue's detector learns from it.
   */
  async recategorize(tenant: string, slipId: string, actor: string, categoryId: string): Promise<Slip> {
    this.seen(tenant, actor);
    const slip = await this.get(tenant, slipId);
    const book = await this.options.playbooks.current(tenant);
    const playbook = book.playbook;
    const category = playbook.categories.find((c) => c.id === categoryId && !c.retired);
    if (!category) throw new AppError('BAD_INPUT', `There is no category "${categoryId}" in the playbook.`);
    const venue = await this.teaching.layerFor(tenant);
    const reading = this.options.coach.read(slip.text, playbook, playbookCacheKey(tenant, book), venue);
    const detection = forced(reading.detection, playbook, { force: true, categoryId });
    const advice = this.options.coach.advise({
      text: slip.text,
      detection: { ...detection, categoryId },
      playbook,
      role: await this.roleOf(tenant, slip.reporter, playbook),
      earlierForGuest: slip.repeatOf.length,
      guestRef: slip.guestRef,
    });
    const from = slip.advice.categoryName;
    let changed = await this.options.slips.update(tenant, slipId, (s) => {
      const next = applyAction(
        s,
        { kind: 'recategorize', categoryId, advice, note: `${from} → ${advice.categoryName}` },
        actor,
        this.clock(),
      );
      // moved into a category the playbook keeps private: the slip is private from now on (never the other way)
      return category.private ? { ...next, private: true } : next;
    });
    await this.teaching.teach(changed, 'recategorized', categoryId, actor);
    // the right category may be one a manager must hear about at once (an allergy logged as a wrong order)
    if (advice.escalate && !changed.escalated)
      changed = await this.escalate(changed, advice.escalationReasons.join('; ') || 'recategorized', actor);
    return changed;
  }

  /** Remembers where the platform posted the slip's card (and, for a card that starts a thread, the thread). */
  async attachCard(
    tenant: string,
    slipId: string,
    cardRef: string,
    threadRef?: string,
    cardChannel?: string,
  ): Promise<Slip> {
    const slip = await this.options.slips.update(tenant, slipId, (s) => ({
      ...s,
      cardRef,
      threadRef: threadRef ?? s.threadRef,
      ...(cardChannel ? { cardChannel } : {}),
    }));
    this.options.observer?.cardPosted?.(slip);
    return slip;
  }

  /** Schedules the follow-up the playbook asks for, counting from now (or the fix). No-op for "none". */
  async scheduleFromPlaybook(slip: Slip, playbook: Playbook): Promise<Slip> {
    const due = this.followUpDue(slip, playbook);
    if (due === undefined) return slip;
    return this.act(slip.tenant, slip.id, 'recovery-coach', { kind: 'schedule_followup', dueAt: due });
  }

  /** When the playbook's follow-up for this slip falls, counting from now (or the fix); undefined for "none". */
  private followUpDue(slip: Slip, playbook: Playbook): number | undefined {
    const timing = parseTiming(slip.advice.followUp);
    if (!timing.ok) return undefined;
    return dueAt(timing.timing, {
      now: this.clock(),
      fixedAt: slip.timeline.find((e) => e.kind === 'corrected')?.at,
      reportedAt: slip.createdAt,
      timezone: playbook.venue.timezone,
      checkoutTime: playbook.venue.checkoutTime,
    });
  }

  /** Best effort: activity only steers where reminders go, so a failure to record it must not fail the request. */
  private seen(tenant: string, user: string): void {
    this.options.activity?.touch(tenant, user, this.clock()).catch(() => undefined);
  }

  /** The playbook role of a user (server, shift_lead, manager…). */
  async roleOf(tenant: string, user: string, playbook?: Playbook): Promise<Role> {
    const book = playbook ?? (await this.options.playbooks.current(tenant)).playbook;
    return findRole(book, await this.options.roles?.roleOf(tenant, user));
  }

  private async escalate(slip: Slip, reason: string, by: string): Promise<Slip> {
    if (slip.escalated) return slip;
    const updated = await this.options.slips.update(slip.tenant, slip.id, (s) =>
      s.escalated ? s : applyAction(s, { kind: 'escalate', reason }, by, this.clock()),
    );
    await this.options.alerts?.escalate(updated, reason);
    return updated;
  }

  private async checkCompLimit(tenant: string, actor: string, cost: number): Promise<void> {
    const { playbook } = await this.options.playbooks.current(tenant);
    const role = await this.roleOf(tenant, actor, playbook);
    if (cost > role.compLimit) {
      const senior = [...playbook.roles].sort((a, b) => a.compLimit - b.compLimit).find((r) => r.compLimit >= cost);
      throw new AppError(
        'FORBIDDEN',
        `That's over your ${playbook.venue.currency} ${role.compLimit} comp limit as ${role.name}. ` +
          `Ask ${senior ? `a ${senior.name}` : 'a manager'} to approve and record it.`,
      );
    }
  }
}

/** The actions that can meet a clock target (a step, an end, a manager told). */
const SETTLES_CLOCK = new Set<SlipAction['kind']>(['acknowledge', 'correct', 'close', 'dismiss', 'escalate']);

/** A slip is private when the person said so or its category is one the playbook keeps private. */
function privately(draft: NewSlip, playbook: Playbook, options: ReportOptions): NewSlip {
  const category = playbook.categories.find((c) => c.id === draft.categoryId);
  return options.private || category?.private ? { ...draft, private: true } : draft;
}

/** Why a new slip goes to a manager at once, as its advice says. */
function escalationReason(slip: Slip): string {
  return slip.advice.escalationReasons.join('; ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
