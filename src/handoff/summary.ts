import { type Playbook, SEVERITIES, type Severity, severityRank } from '../playbook/schema';
import { isOpen, isRecovered, type Slip } from '../slips/slip';
import type { CarryOverItem, CarryOverKind, HandoffLine, HandoffView } from '../views/handoff';
import type { ShiftSchedule, ShiftWindow } from './schedule';

export interface SummaryInput {
  tenant: string;
  channel: string;
  schedule: Pick<ShiftSchedule, 'timezone' | 'quiet' | 'appId'>;
  /** The shift being handed over. */
  shift: ShiftWindow;
  /** The shift taking over (follow-ups due in it are carried over). */
  nextShift: { start: number; end: number };
  /** Slips created during the shift. */
  shiftSlips: Slip[];
  /** Every slip still open in the channel, whenever it was created. */
  openSlips: Slip[];
  playbook: Playbook;
  preview?: boolean;
}

/** What a handoff calls a private slip. */
export const PRIVATE_SLIP = 'Private slip';

const STEP_KINDS = new Set(['acknowledged', 'corrected', 'connected', 'followup_done', 'closed']);

/** Builds the handoff view. Pure: the same slips always give the same summary. */
export function buildHandoffSummary(input: SummaryInput): HandoffView {
  const { shift, shiftSlips, playbook } = input;
  const names = new Map(playbook.categories.map((c) => [c.id, c.name]));
  // a private slip is counted in the channel's handoff, never described: no category, no guest
  const name = (slip: Slip) =>
    slip.private ? PRIVATE_SLIP : slip.advice.categoryName || names.get(slip.categoryId) || slip.categoryId;
  const carryOvers = carryOversOf(input, name);
  const happened: HandoffLine[] = [...shiftSlips]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.createdAt - b.createdAt)
    .map((slip) => ({
      slipId: slip.id,
      guestRef: slip.private ? undefined : slip.guestRef?.text,
      categoryName: name(slip),
      severity: slip.severity,
      status: slip.status,
      handledBy: handler(slip),
      createdAt: slip.createdAt,
    }));
  return {
    tenant: input.tenant,
    channel: input.channel,
    shiftName: shift.name,
    window: { start: shift.start, end: shift.end },
    timezone: input.schedule.timezone,
    counts: countsOf(shiftSlips, name),
    carryOvers,
    happened,
    kudos: kudosOf(unique([...shiftSlips, ...input.openSlips]), shift),
    quiet: shiftSlips.length === 0 && carryOvers.length === 0,
    quietStyle: input.schedule.quiet,
    preview: input.preview ?? false,
    appId: input.schedule.appId,
  };
}

function carryOversOf(input: SummaryInput, name: (slip: Slip) => string): CarryOverItem[] {
  const { nextShift } = input;
  const repeats = repeatGuests(input.shiftSlips);
  const items = input.openSlips.filter(isOpen).map((slip): CarryOverItem => {
    const kinds: CarryOverKind[] = [];
    if (slip.escalated) kinds.push('escalated');
    const due = slip.followUp?.status === 'scheduled' ? slip.followUp.dueAt : undefined;
    if (due !== undefined && due < nextShift.end) kinds.push('followup_due');
    if (slip.repeatOf.length > 0 || (slip.guestRef && repeats.has(slip.guestRef.key))) kinds.push('repeat');
    kinds.push('open');
    return {
      slipId: slip.id,
      guestRef: slip.private ? undefined : slip.guestRef?.text,
      categoryName: name(slip),
      severity: slip.severity,
      kinds,
      owner: slip.owner,
      promise: slip.private ? undefined : slip.followUp?.promise,
      dueAt: due,
      createdAt: slip.createdAt,
      status: slip.status,
    };
  });
  const dueOrder = (a: CarryOverItem, b: CarryOverItem) =>
    a.kinds.includes('followup_due') && b.kinds.includes('followup_due') ? a.dueAt! - b.dueAt! : 0;
  // oldest first among equals: a slip left open longest needs the next shift most
  return items.sort((a, b) => importance(b) - importance(a) || dueOrder(a, b) || a.createdAt - b.createdAt);
}

/** Escalated beats severe beats a follow-up due beats a repeat guest beats merely open. */
function importance(item: CarryOverItem): number {
  return (
    (item.kinds.includes('escalated') ? 1000 : 0) +
    severityRank(item.severity) * 100 +
    (item.kinds.includes('followup_due') ? 10 : 0) +
    (item.kinds.includes('repeat') ? 5 : 0)
  );
}

function repeatGuests(slips: Slip[]): Set<string> {
  const counts = new Map<string, number>();
  for (const slip of slips) if (slip.guestRef) counts.set(slip.guestRef.key, (counts.get(slip.guestRef.key) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n > 1).map(([key]) => key));
}

function countsOf(slips: Slip[], name: (slip: Slip) => string): HandoffView['counts'] {
  const byCategory = new Map<string, number>();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let recovered = 0;
  for (const slip of slips) {
    byCategory.set(name(slip), (byCategory.get(name(slip)) ?? 0) + 1);
    bySeverity[slip.severity]++;
    if (isRecovered(slip)) recovered++;
  }
  return {
    total: slips.length,
    byCategory: [...byCategory]
      .map(([n, count]) => ({ name: n, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    bySeverity,
    recovered,
    open: slips.filter(isOpen).length,
  };
}

function kudosOf(slips: Slip[], shift: ShiftWindow): HandoffView['kudos'] {
  const byUser = new Map<string, string[]>();
  for (const slip of slips) {
    if (slip.private || !isRecovered(slip)) continue;
    const connect = slip.timeline
      .filter((e) => e.kind === 'connected' && e.at >= shift.start && e.at < shift.end)
      .at(-1);
    if (!connect) continue;
    byUser.set(connect.by, [...(byUser.get(connect.by) ?? []), slip.id]);
  }
  return [...byUser].map(([user, slipIds]) => ({ user, slipIds })).sort((a, b) => b.slipIds.length - a.slipIds.length);
}

function unique(slips: Slip[]): Slip[] {
  return [...new Map(slips.map((s) => [s.id, s])).values()];
}

function handler(slip: Slip): string {
  for (let i = slip.timeline.length - 1; i >= 0; i--) {
    const entry = slip.timeline[i]!;
    if (STEP_KINDS.has(entry.kind) && entry.by !== 'recovery-coach') return entry.by;
  }
  return slip.owner;
}
