import { spokenDuration } from '../clock/clock';
import { render, said } from '../conversation/catalogue';
import { PLAIN_STYLE } from '../conversation/style';
import { AppError } from '../errors';
import { type DeliverOnceDeps, deliverOnce } from '../followups/deliverOnce';
import type { ManagerAlerts } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Slip } from '../slips/slip';
import type { ApprovalRequest, ApprovalStore } from './approvals';

/** What an approval's escalation job carries; the request in Redis stays the source of truth. */
export interface ApprovalJob {
  tenant: string;
  requestId: string;
  /** When the request escalates (epoch ms). */
  dueAt: number;
}

/** Delayed escalation jobs, one per approval request (BullMQ in production, its id derived from the request). */
export interface ApprovalTimers {
  /** Starts the request's job; starting it again is the same job. */
  start(job: ApprovalJob): Promise<void>;
  /** The request was answered: its job is removed (one already running finds the answer and does nothing). */
  cancel(tenant: string, requestId: string): Promise<void>;
}

export interface ApprovalEscalationDeps extends DeliverOnceDeps {
  store: ApprovalStore;
  service: Pick<SlipService, 'act' | 'get'>;
  /**
   * The managers' alerts the service sends on an escalation (once per escalation and manager: its ledger or job
   * id). A retry whose escalation was saved but whose alert failed sends it through here, without escalating again.
   */
  alerts?: ManagerAlerts;
}

/**
 * An approval request nobody answered in the playbook's time: the slip is escalated to the manager on duty (the
 * usual escalation path: the managers get the alert, the slip's timeline says why), once, and the requester is
 * told, once. An answered or expired request does nothing; the request stays answerable.
 */
export class ApprovalEscalation {
  constructor(private readonly deps: ApprovalEscalationDeps) {}

  async process(job: ApprovalJob): Promise<{ kind: 'done'; note: string }> {
    const { store } = this.deps;
    const request = await store.get(job.tenant, job.requestId);
    if (!request) return { kind: 'done', note: 'the approval request has expired' };
    if (await store.answerOf(job.tenant, job.requestId)) return { kind: 'done', note: 'answered in time' };
    // the time the playbook gave it, not the time this run started: every run (a retry too) words the reason alike
    const waited = job.dueAt - request.at;
    if (await store.claimEscalation(job.tenant, job.requestId)) await this.escalate(request, waited);
    // the requester's word has its own once-only ledger: a retry after a failed send sends it, and only it
    const key = `appr|${request.tenant}|${request.id}`;
    await deliverOnce(this.deps, request.tenant, key, { user: request.requester }, () =>
      this.deps.messenger.sendDirect(
        request.tenant,
        request.requester,
        {
          kind: 'said',
          said: said('compEscalated', {
            gesture: request.gesture,
            cost: `${request.currency} ${request.cost}`,
            slipId: request.slipId,
          }),
        },
        { deliveryKey: key },
      ),
    );
    return { kind: 'done', note: 'the manager on duty was told of an unanswered comp approval' };
  }

  private async escalate(request: ApprovalRequest, waitedMs: number): Promise<void> {
    const reason = render(
      said('compUnansweredReason', {
        gesture: request.gesture,
        cost: `${request.currency} ${request.cost}`,
        waited: spokenDuration(waitedMs),
      }),
      PLAIN_STYLE,
    );
    try {
      // an earlier run saved this escalation and then failed alerting: the alert is finished, the slip not escalated again
      const saved = this.deps.alerts ? await this.savedEscalation(request, reason) : undefined;
      if (saved) await this.deps.alerts!.escalate(saved, reason);
      else await this.deps.service.act(request.tenant, request.slipId, 'recovery-coach', { kind: 'escalate', reason });
    } catch (error) {
      // a slip closed since has nobody to escalate to; anything else lets the job's retry claim it again
      if (error instanceof AppError && (error.code === 'INVALID_TRANSITION' || error.code === 'NOT_FOUND')) return;
      await this.deps.store.releaseEscalation(request.tenant, request.id);
      throw error;
    }
  }

  /** The slip, when an earlier run already saved this request's escalation on it (same reason, since the request). */
  private async savedEscalation(request: ApprovalRequest, reason: string): Promise<Slip | undefined> {
    // a slip gone (NOT_FOUND) ends the job as before; any other failure to read it is retried
    const slip = await this.deps.service.get(request.tenant, request.slipId);
    if (!slip.escalated) return undefined;
    const saved = slip.timeline.some(
      (e) => e.kind === 'escalated' && e.by === 'recovery-coach' && e.at >= request.at && e.note === reason,
    );
    return saved ? slip : undefined;
  }
}
