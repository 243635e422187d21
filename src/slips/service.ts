import type { ClockScheduler } from '../clock/ports';
import type { Coach } from '../coach/coach';
import { AppError } from '../errors';
import type { ActivityLog } from '../followups/ports';
import { findRole, type Playbook, type Role } from '../playbook/schema';
import { recorded, type SlipChangeRecorder } from './changeRecorder';
import { checkCompLimit } from './compLimit';
import { escalateOnce } from './escalation';
import { followUpDue } from './followUpDue';
import { redactAction } from './freeText';
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
import { recategorize } from './recategorize';
import type { ReportOptions } from './reportInput';
import {
  clipSlipText,
  type PreviewResult,
  type ReportResult,
  type SlipObserver,
  SlipReporting,
  type SlipReportingDeps,
} from './reporting';
import type { Slip } from './slip';
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
  observer?: SlipObserver;
  /** Told about every stored change to a slip (the insights counters); best effort, never fails the action. */
  insights?: SlipChangeRecorder;
}

export type { ReportOptions } from './reportInput';
export { MAX_SLIP_TEXT, type PreviewResult, type ReportResult } from './reporting';

/**
 * The use cases behind every button and message: report a slip from a message, move it through its steps, keep
 * the follow-up and the managers in the loop. Platform adapters translate and call exactly one of these; reporting
 * and recategorizing live in their own modules, this class keeps the one entry point and the steps themselves.
 */
export class SlipService {
  private readonly options: SlipServiceOptions;
  private readonly clock: Clock;
  /** What the use cases in their own modules share: the options as this service sees them, built once. */
  private readonly deps: SlipReportingDeps;
  private readonly reporting: SlipReporting;

  constructor(options: SlipServiceOptions) {
    this.options = options.insights ? { ...options, slips: recorded(options.slips, options.insights) } : options;
    this.clock = options.clock ?? Date.now;
    const teaching = new VenueTeaching(options.learning, this.clock);
    this.deps = { ...this.options, clock: this.clock, teaching, roleOf: (t, u, p) => this.roleOf(t, u, p) };
    this.reporting = new SlipReporting(this.deps);
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
    return this.reporting.report(message, options);
  }

  /** What `report` would log, without storing anything (the `/recover …` preview). */
  async preview(message: IncomingMessage, options: ReportOptions = {}): Promise<PreviewResult> {
    return this.reporting.preview(message, options);
  }

  /**
   * Whether a message reads as a slip by the tenant's last known playbook, without touching any store: used to
   * decide whether to tell a channel that a slip could not be saved during an outage.
   */
  looksLikeSlipOffline(tenant: string, text: string): boolean {
    return this.reporting.looksLikeSlipOffline(tenant, text);
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
      applyAction(s, { kind: 'edit', text: clipSlipText(text) }, message.user, this.clock()),
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
    // a correct step is checked against the playbook (gesture, comp limit) and then schedules the follow-up it
    // asks for: one read serves all three, so a press sees one playbook version throughout
    const playbook = action.kind === 'correct' ? (await this.options.playbooks.current(tenant)).playbook : undefined;
    if (action.kind === 'correct') await this.checkCorrect(playbook!, before, { actor, action });
    const now = this.clock();
    const slip = await this.options.slips.update(tenant, slipId, (s) => applyAction(s, action, actor, now));
    // best effort: a clock job that outlives its target finds it met when it runs, and does nothing
    if (SETTLES_CLOCK.has(action.kind)) await this.options.clocks?.settle(slip).catch(() => undefined);
    return this.followThrough({ before, slip, action, actor, playbook });
  }

  /** The gesture picked from a list is the playbook's, and the comp is within the person's limit. */
  private async checkCorrect(
    playbook: Playbook,
    slip: Slip,
    { actor, action }: { actor: string; action: Extract<SlipAction, { kind: 'correct' }> },
  ): Promise<void> {
    if (action.picked) checkPickedGesture(playbook, slip, action.gesture);
    if (action.cost) checkCompLimit(playbook, await this.roleOf(slip.tenant, actor, playbook), action.cost);
  }

  /** What an applied action sets going: the follow-up scheduled or cancelled, the managers told, the venue taught. */
  private async followThrough(change: {
    before: Slip;
    slip: Slip;
    action: SlipAction;
    actor: string;
    /** Read for a correct step only. */
    playbook?: Playbook;
  }): Promise<Slip> {
    const { before, slip, action, actor } = change;
    switch (action.kind) {
      case 'correct':
        if (slip.followUp?.status === 'scheduled') return slip;
        return this.scheduleFromPlaybook(slip, change.playbook!);
      case 'schedule_followup':
      case 'snooze':
        await this.options.followUps?.schedule(slip);
        return slip;
      case 'close':
        if (before.followUp?.status === 'scheduled') await this.options.followUps?.cancel(slip);
        return slip;
      case 'dismiss':
        if (before.followUp?.status === 'scheduled') await this.options.followUps?.cancel(slip);
        await this.deps.teaching.teach(slip, 'dismissed', undefined, actor);
        return slip;
      case 'reopen':
        // "not a slip" taken back: the venue no longer says so
        if (before.status === 'dismissed') await this.deps.teaching.unteach(slip);
        // open again: the targets it has not met are watched again (a nudge already sent is not sent twice)
        await this.options.clocks?.start(slip).catch(() => undefined);
        return slip;
      case 'escalate':
        await this.options.alerts?.escalate(slip, action.reason);
        return slip;
      case 'followup_done':
        if (action.outcome !== 'not_recovered') return slip;
        return escalateOnce(this.deps, slip, { reason: 'the guest is still unhappy after the follow-up', actor });
      default:
        return slip;
    }
  }

  /** "Wrong category?": the slip moves to the category a person names, with that category's advice. */
  async recategorize(tenant: string, slipId: string, actor: string, categoryId: string): Promise<Slip> {
    this.seen(tenant, actor);
    return recategorize(this.deps, await this.get(tenant, slipId), { actor, categoryId });
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
    const due = followUpDue(slip, playbook, this.clock());
    if (due === undefined) return slip;
    return this.act(slip.tenant, slip.id, 'recovery-coach', { kind: 'schedule_followup', dueAt: due });
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
}

/** The actions that can meet a clock target (a step, an end, a manager told). */
const SETTLES_CLOCK = new Set<SlipAction['kind']>(['acknowledge', 'correct', 'close', 'dismiss', 'escalate']);
