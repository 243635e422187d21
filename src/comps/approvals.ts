import { AppError } from '../errors';
import { findRole, type Playbook } from '../playbook/schema';
import type { PlaybookSource, RoleResolver } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Slip } from '../slips/slip';
import type { CompEntry, CompLog } from './compLog';
import type { ApprovalTimers } from './escalation';

/** A comp over its asker's limit, waiting for someone on shift who may give it. */
export interface ApprovalRequest {
  id: string;
  tenant: string;
  slipId: string;
  requester: string;
  gesture: string;
  cost: number;
  currency: string;
  note?: string;
  at: number;
  /** Who was asked. */
  approvers: string[];
  /**
   * Where the request goes (the playbook's approvals.requestsIn): each approver's DM, or one message in the slip's
   * channel thread. A private slip's request always goes by DM. Absent on requests made before it existed: DM.
   */
  askedIn?: 'dm' | 'channel';
  /** Nobody who may approve it was active lately (on shift): it went to everyone who may, and the asker is told. */
  offShift?: boolean;
  /**
   * Where each request message is, for updating it once answered (platform refs): one per approver's DM, or the one
   * in the slip's thread (`inChannel`, its `user` the requester).
   */
  messages: Array<{ user: string; channel: string; ref: string; inChannel?: boolean }>;
}

export interface ApprovalAnswer {
  decision: 'approved' | 'declined';
  by: string;
  at: number;
  reason?: string;
}

export interface ApprovalStore {
  create(request: Omit<ApprovalRequest, 'id'>): Promise<ApprovalRequest>;
  get(tenant: string, id: string): Promise<ApprovalRequest | undefined>;
  /** Remembers where an approver's message is. */
  addMessage(tenant: string, id: string, message: ApprovalRequest['messages'][number]): Promise<void>;
  /** The first answer wins, atomically; later ones get the winning answer back with `won: false`. */
  answer(tenant: string, id: string, answer: ApprovalAnswer): Promise<{ won: boolean; answer: ApprovalAnswer }>;
  answerOf(tenant: string, id: string): Promise<ApprovalAnswer | undefined>;
  /** True for the first caller only: the one escalation of an unanswered request. */
  claimEscalation(tenant: string, id: string): Promise<boolean>;
  /** The escalation failed before it was made: a retry may claim it again. */
  releaseEscalation(tenant: string, id: string): Promise<void>;
}

export interface CompApprovalsDeps {
  service: SlipService;
  playbooks: PlaybookSource;
  roles: RoleResolver;
  /** Everyone with a granted role, and the managers the platform and config name. */
  people: { granted(tenant: string): Promise<string[]>; managers(tenant: string): Promise<string[]> };
  /** When each person was last active (who is on shift). */
  activity?: { lastSeen(tenant: string, user: string): Promise<number | undefined> };
  store: ApprovalStore;
  log: CompLog;
  /** Escalates a request nobody answers in the playbook's time; without it a request just waits. */
  timers?: ApprovalTimers;
  clock: () => number;
}

/** The longest decline reason kept. */
export const MAX_REASON = 300;

/** Someone active within this long counts as on shift. */
const ON_SHIFT_MS = 12 * 60 * 60 * 1000;

/**
 * Comps approved in chat, once for every platform: a gesture over the asker's limit becomes a request to the people
 * on shift whose own limit covers it; the first answer wins (atomically in the store); the server checks the
 * approver's limit; every request, approval, refusal and comp given is kept in the comp log.
 */
export class CompApprovals {
  constructor(private readonly deps: CompApprovalsDeps) {}

  /** Asks for a comp; throws BAD_INPUT when it is within the asker's own limit (they just record it). */
  async request(
    tenant: string,
    slipId: string,
    requester: string,
    comp: { gesture: string; cost: number; note?: string },
  ): Promise<ApprovalRequest> {
    const slip = await this.deps.service.get(tenant, slipId);
    const { playbook } = await this.deps.playbooks.current(tenant);
    const own = await this.limitOf(tenant, requester, playbook);
    if (comp.cost <= own) throw new AppError('BAD_INPUT', 'That is within your own comp limit: record it on the card.');
    const { approvers, offShift } = await this.approversFor(tenant, requester, comp.cost, playbook);
    if (approvers.length === 0)
      throw new AppError(
        'NOT_FOUND',
        'Nobody on this workspace may approve a comp that size. Ask a manager in person.',
      );
    const request = await this.deps.store.create({
      tenant,
      slipId: slip.id,
      requester,
      gesture: comp.gesture,
      cost: comp.cost,
      currency: playbook.venue.currency,
      ...(comp.note ? { note: comp.note } : {}),
      at: this.deps.clock(),
      approvers,
      // a private slip is never discussed in its channel, and neither is its comp
      askedIn: playbook.approvals.requestsIn === 'channel' && !slip.private ? 'channel' : 'dm',
      ...(offShift ? { offShift } : {}),
      messages: [],
    });
    try {
      await this.deps.timers?.start({
        tenant,
        requestId: request.id,
        dueAt: request.at + playbook.approvals.escalateAfter * 60_000,
      });
      await this.logEntry(tenant, request, 'requested', requester);
    } catch (error) {
      // half made: the stored request was never sent to anyone, so without its timer it is inert (nobody holds its
      // id and it never escalates); the asker is told it failed and asks again
      await this.deps.timers?.cancel(tenant, request.id).catch(() => undefined);
      throw error;
    }
    await this.onTimeline(request, requester, 'requested');
    return request;
  }

  /**
   * An approver's answer. Refused (FORBIDDEN, nothing changes) when the approver's own limit is below the comp, they
   * asked for it themselves, or the request went by DM and they were not one of the approvers asked. `won: false` when someone answered first. An approval records the comp on the slip.
   */
  async answer(
    tenant: string,
    requestId: string,
    approver: string,
    decision: ApprovalAnswer['decision'],
    reason?: string,
  ): Promise<{ request: ApprovalRequest; answer: ApprovalAnswer; won: boolean; slip?: Slip; notRecorded?: string }> {
    const request = await this.deps.store.get(tenant, requestId);
    if (!request) throw new AppError('NOT_FOUND', 'That approval request has expired or does not exist.');
    if (approver === request.requester) throw new AppError('FORBIDDEN', 'You cannot answer your own request.');
    const { playbook } = await this.deps.playbooks.current(tenant);
    const limit = await this.limitOf(tenant, approver, playbook);
    if (request.cost > limit)
      throw new AppError(
        'FORBIDDEN',
        `That's over your own ${request.currency} ${limit} comp limit: a ${request.currency} ${request.cost} comp needs someone whose limit covers it.`,
      );
    // a request sent by DM is for the people it went to: anyone else (even a manager whose limit covers it) has no
    // button for it, so their press is a crafted one. In the channel, anyone whose limit covers it may answer.
    if ((request.askedIn ?? 'dm') === 'dm' && !request.approvers.includes(approver))
      throw new AppError(
        'FORBIDDEN',
        'You were not asked to approve this comp: only the people it was sent to can answer it.',
      );
    // a reason goes with a decline only, in a line's length
    const why = decision === 'declined' ? reason?.trim().slice(0, MAX_REASON) : undefined;
    const result = await this.deps.store.answer(tenant, requestId, {
      decision,
      by: approver,
      at: this.deps.clock(),
      ...(why ? { reason: why } : {}),
    });
    if (!result.won) return { request, answer: result.answer, won: false };
    // best effort: a job that outlives the answer finds it answered when it runs, and does nothing
    await this.deps.timers?.cancel(tenant, requestId).catch(() => undefined);
    await this.logEntry(tenant, request, decision, request.requester, approver, why);
    const marked = await this.onTimeline(request, approver, decision, why);
    if (decision === 'declined')
      return { request, answer: result.answer, won: true, ...(marked ? { slip: marked } : {}) };
    try {
      const slip = await this.deps.service.act(tenant, request.slipId, approver, {
        kind: 'correct',
        gesture: request.gesture,
        cost: request.cost,
        note: `${request.note ? `${request.note}; ` : ''}approved by ${approver} for ${request.requester}`,
      });
      await this.logEntry(tenant, request, 'given', request.requester, approver);
      return { request, answer: result.answer, won: true, slip };
    } catch (error) {
      // approved, but the slip could not take it now (already corrected, closed): the approval stands in the log
      return { request, answer: result.answer, won: true, notRecorded: (error as Error).message };
    }
  }

  /** The request and its answer on the slip's timeline (best effort: the comp log is the record). */
  private async onTimeline(
    request: ApprovalRequest,
    by: string,
    event: 'requested' | 'approved' | 'declined',
    reason?: string,
  ): Promise<Slip | undefined> {
    return this.deps.service
      .act(request.tenant, request.slipId, by, {
        kind: 'comp',
        event,
        gesture: request.gesture,
        cost: request.cost,
        ...(reason ? { note: reason } : {}),
      })
      .catch(() => undefined);
  }

  /**
   * The people on shift who may approve `cost`: their limit covers it; anyone active lately first, else everyone
   * (`offShift`: nobody who may was active lately).
   */
  private async approversFor(
    tenant: string,
    requester: string,
    cost: number,
    playbook: Playbook,
  ): Promise<{ approvers: string[]; offShift: boolean }> {
    const people = [
      ...new Set([...(await this.deps.people.managers(tenant)), ...(await this.deps.people.granted(tenant))]),
    ].filter((p) => p !== requester);
    const eligible: string[] = [];
    for (const person of people) if ((await this.limitOf(tenant, person, playbook)) >= cost) eligible.push(person);
    const activity = this.deps.activity;
    if (!activity) return { approvers: eligible, offShift: false };
    const now = this.deps.clock();
    const onShift: string[] = [];
    for (const person of eligible) {
      const seen = await activity.lastSeen(tenant, person).catch(() => undefined);
      if (seen !== undefined && now - seen <= ON_SHIFT_MS) onShift.push(person);
    }
    return onShift.length > 0 ? { approvers: onShift, offShift: false } : { approvers: eligible, offShift: true };
  }

  private async limitOf(tenant: string, user: string, playbook: Playbook): Promise<number> {
    return findRole(playbook, await this.deps.roles.roleOf(tenant, user)).compLimit;
  }

  private async logEntry(
    tenant: string,
    request: ApprovalRequest,
    kind: CompEntry['kind'],
    by: string,
    approver?: string,
    reason?: string,
  ): Promise<void> {
    await this.deps.log.append(tenant, {
      at: this.deps.clock(),
      kind,
      slipId: request.slipId,
      gesture: request.gesture,
      cost: request.cost,
      currency: request.currency,
      by,
      requestId: request.id,
      ...(approver ? { approver } : {}),
      ...(reason ? { reason } : {}),
    });
  }
}
