import { DateTime } from 'luxon';
import { deliverOnce } from '../followups/deliverOnce';
import { deliverToEach } from '../followups/deliverToEach';
import type { DeliveryLedger } from '../followups/ports';
import type { PlaybookSource } from '../slips/ports';
import type { Messenger, Outbound } from '../views/outbound';
import { buildDigest, type DigestView, dueDigest } from './digest';
import type { Insights } from './figures';
import type { DigestSettingsStore } from './ports';

/** One workspace's digest for one ISO week: queued once (its job id is the workspace and the week). */
export interface DigestJob {
  tenant: string;
  /** "2026-W48": the ISO week of the slot, in the venue's zone. */
  week: string;
  /** The slot (ms): the digest covers the 7 venue days before the slot's day. */
  at: number;
}

/** Where due digests are queued (BullMQ in production; the id makes a second queueing of the same week a no-op). */
export interface DigestQueue {
  queueDigest(job: DigestJob): Promise<void>;
}

export interface DigestDeliveryOptions {
  insights: { report(tenant: string, days: number, now?: number): Promise<Insights> };
  digests: DigestSettingsStore;
  playbooks: PlaybookSource;
  /** Every workspace that may get a digest (those with slips or watched channels). */
  tenants(): Promise<string[]>;
  /** The managers the permissions and the platform directory know (see DirectManagerAlerts). */
  managers(tenant: string): Promise<string[]>;
  /**
   * Who gets the digest when the workspace has no manager named: its owners and admins, where the platform can list
   * them (Slack). @defaultValue nobody
   */
  admins?(tenant: string): Promise<string[]>;
  messenger: Messenger;
  ledger: DeliveryLedger;
  queue: DigestQueue;
  /** The chart's SVG as a PNG (infra: resvg). */
  renderPng(svg: string): Uint8Array;
  onUnverified?: (key: string) => void;
  clock?: () => number;
  /** Workspaces looked at at once by a sweep. @defaultValue 25 */
  sweepConcurrency?: number;
}

/** The ledger key of one manager's digest: one per workspace, week and manager, whatever the workers and retries. */
export function digestKey(tenant: string, week: string, manager: string): string {
  return `digest|${tenant}|${week}|${manager}`;
}

/**
 * The weekly digest: a sweep (a job scheduler every minute, on every worker) queues one job per workspace and ISO
 * week once its slot has come (digest off: none); the job builds the digest once and sends it to each manager
 * through the delivery ledger, so a manager gets it once per week however many workers run the job or retry it.
 */
export class DigestDelivery {
  private readonly clock: () => number;

  constructor(private readonly options: DigestDeliveryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Queues every digest due now; returns how many were queued (a week queued before is a no-op in the queue). */
  async sweep(now = this.clock()): Promise<number> {
    const tenants = await this.options.tenants();
    const size = Math.max(1, this.options.sweepConcurrency ?? 25);
    let queued = 0;
    for (let i = 0; i < tenants.length; i += size) {
      const due = await Promise.all(tenants.slice(i, i + size).map((tenant) => this.due(tenant, now)));
      const jobs = due.filter((job): job is DigestJob => job !== undefined);
      await Promise.all(jobs.map((job) => this.options.queue.queueDigest(job)));
      queued += jobs.length;
    }
    return queued;
  }

  /** The digest a workspace has due now, if any. */
  async due(tenant: string, now = this.clock()): Promise<DigestJob | undefined> {
    const [settings, { playbook }] = await Promise.all([
      this.options.digests.get(tenant),
      this.options.playbooks.current(tenant),
    ]);
    const slot = dueDigest(settings, playbook.venue.timezone, now);
    return slot ? { tenant, week: slot.week, at: slot.at } : undefined;
  }

  /** The digest's view and chart for a slot: the 7 venue days before the slot's day, and the 7 before those. */
  async build(job: DigestJob): Promise<{ view: DigestView; png: Uint8Array }> {
    const { playbook } = await this.options.playbooks.current(job.tenant);
    const slotDay = DateTime.fromMillis(job.at, { zone: playbook.venue.timezone }).startOf('day');
    // noon of a day stands for that day, whatever DST did to the days around it
    const lastDay = slotDay.minus({ days: 1 }).plus({ hours: 12 }).toMillis();
    const weekBefore = slotDay.minus({ days: 8 }).plus({ hours: 12 }).toMillis();
    const [insights, previous] = await Promise.all([
      this.options.insights.report(job.tenant, 7, lastDay),
      this.options.insights.report(job.tenant, 7, weekBefore),
    ]);
    const view = buildDigest({ week: job.week, insights, previousTotal: previous.slips.total });
    return { view, png: this.options.renderPng(view.svg) };
  }

  /** Sends a queued digest to each manager once. Still switched on? (A manager may have turned it off since.) */
  async deliver(job: DigestJob): Promise<string> {
    const { messenger, ledger, onUnverified } = this.options;
    const settings = await this.options.digests.get(job.tenant);
    if (!settings.enabled) return 'digest is off';
    const managers = await this.recipients(job.tenant);
    if (managers.length === 0) return 'no managers to send the digest to';
    const { view, png } = await this.build(job);
    const message: Outbound = { kind: 'digest', digest: view, png };
    const { sent, skipped } = await deliverToEach(managers, (manager) => {
      const key = digestKey(job.tenant, job.week, manager);
      return deliverOnce({ ledger, messenger, onUnverified }, job.tenant, key, { user: manager }, () =>
        messenger.sendDirect(job.tenant, manager, message, { deliveryKey: key }),
      );
    });
    return `digest ${job.week}: ${sent} sent, ${managers.length - sent - skipped} already sent`;
  }

  /** The named managers; with none, the workspace's owners and admins. */
  private async recipients(tenant: string): Promise<string[]> {
    const managers = await this.options.managers(tenant);
    if (managers.length > 0 || !this.options.admins) return managers;
    return this.options.admins(tenant);
  }
}
