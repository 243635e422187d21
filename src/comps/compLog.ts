/** One line of the comp log: a gesture given, asked for, approved or declined. */
export interface CompEntry {
  at: number;
  kind: 'given' | 'requested' | 'approved' | 'declined';
  slipId: string;
  gesture: string;
  cost: number;
  currency: string;
  /** Who gave it or asked for it. */
  by: string;
  /** Who approved or declined it. */
  approver?: string;
  requestId?: string;
  reason?: string;
}

/** The comp log, per tenant, oldest first. */
export interface CompLog {
  append(tenant: string, entry: CompEntry): Promise<void>;
  list(tenant: string, since: number, until?: number): Promise<CompEntry[]>;
  forSlip(tenant: string, slipId: string): Promise<CompEntry[]>;
}

const COLUMNS = ['at', 'kind', 'slip', 'gesture', 'cost', 'currency', 'by', 'approver', 'request', 'reason'] as const;

/** The comp log as CSV (RFC 4180), safe to open in a spreadsheet: a cell that starts a formula is quoted as text. */
export function compsCsv(entries: CompEntry[]): string {
  const rows = entries.map((e) => [
    new Date(e.at).toISOString(),
    e.kind,
    e.slipId,
    e.gesture,
    String(e.cost),
    e.currency,
    e.by,
    e.approver ?? '',
    e.requestId ?? '',
    e.reason ?? '',
  ]);
  return `${[[...COLUMNS], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Comps given on the card within the giver's own limit are recorded on the slip's timeline (a corrected step with
 * a gesture and cost): they join the log as "given", except those the log already has (approved comps).
 */
export function withCardComps(
  log: CompEntry[],
  slips: Array<{
    id: string;
    timeline: Array<{ at: number; by: string; kind: string; gesture?: string; cost?: number }>;
  }>,
  currency: string,
  since: number,
): CompEntry[] {
  const logged = new Set(log.filter((e) => e.kind === 'given').map((e) => `${e.slipId}|${e.gesture}|${e.cost}`));
  const fromCards = slips.flatMap((slip) =>
    slip.timeline
      .filter((e) => e.kind === 'corrected' && e.gesture && (e.cost ?? 0) > 0 && e.at >= since)
      .filter((e) => !logged.has(`${slip.id}|${e.gesture}|${e.cost}`))
      .map(
        (e): CompEntry => ({
          at: e.at,
          kind: 'given',
          slipId: slip.id,
          gesture: e.gesture!,
          cost: e.cost!,
          currency,
          by: e.by,
        }),
      ),
  );
  return [...log, ...fromCards].sort((a, b) => a.at - b.at);
}
