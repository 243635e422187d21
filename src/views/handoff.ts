import type { Severity } from '../playbook/schema';
import type { SlipStatus } from '../slips/slip';

/** Why a slip is carried over to the next shift. */
export type CarryOverKind = 'escalated' | 'followup_due' | 'repeat' | 'open';

export interface CarryOverItem {
  slipId: string;
  guestRef?: string;
  categoryName: string;
  severity: Severity;
  kinds: CarryOverKind[];
  owner: string;
  promise?: string;
  /** The follow-up time when one is due during the next shift. */
  dueAt?: number;
  createdAt: number;
  status: SlipStatus;
}

export interface HandoffLine {
  slipId: string;
  guestRef?: string;
  categoryName: string;
  severity: Severity;
  status: SlipStatus;
  /** Who handled it: the last person to take a step, else the owner. */
  handledBy: string;
  createdAt: number;
}

/** The shift handoff: what the incoming shift needs to know, most important first. Every platform renders this. */
export interface HandoffView {
  tenant: string;
  channel: string;
  shiftName: string;
  window: { start: number; end: number };
  timezone: string;
  counts: {
    total: number;
    byCategory: Array<{ name: string; count: number }>;
    bySeverity: Record<Severity, number>;
    recovered: number;
    open: number;
  };
  /** Sorted: escalated and severe first, then follow-ups due soonest, repeats, other open slips. */
  carryOvers: CarryOverItem[];
  /** One line per slip logged this shift, most severe first. */
  happened: HandoffLine[];
  /** Recoveries completed with a connect step this shift, by who did them. */
  kudos: Array<{ user: string; slipIds: string[] }>;
  quiet: boolean;
  quietStyle: 'line' | 'silent';
  /** Shift so far (an on-demand preview) rather than a finished shift. */
  preview: boolean;
  appId?: string;
}
