import { AppError } from '../../src/errors';
import { isOpen, type NewSlip, type Slip } from '../../src/slips/slip';
import type { SlipQuery, SlipStore } from '../../src/slips/store';

/** An in-memory SlipStore: a fake of our own port for core unit tests (the contract suite keeps it honest). */
export class MemorySlipStore implements SlipStore {
  private readonly slips = new Map<string, Slip>();
  private readonly byMessage = new Map<string, string>();
  private readonly sequences = new Map<string, number>();

  async create(draft: NewSlip): Promise<{ slip: Slip; created: boolean }> {
    const messageKey = `${draft.tenant}|${draft.channel}|${draft.messageRef}`;
    const existing = this.byMessage.get(messageKey);
    if (existing) return { slip: structuredClone(this.slips.get(existing)!), created: false };
    const id = String((this.sequences.get(draft.tenant) ?? 0) + 1);
    this.sequences.set(draft.tenant, Number(id));
    const slip: Slip = { ...structuredClone(draft), id, version: 1 };
    this.slips.set(`${draft.tenant}|${id}`, slip);
    this.byMessage.set(messageKey, `${draft.tenant}|${id}`);
    return { slip: structuredClone(slip), created: true };
  }

  async get(tenant: string, id: string): Promise<Slip | undefined> {
    const slip = this.slips.get(`${tenant}|${id}`);
    return slip ? structuredClone(slip) : undefined;
  }

  async update(tenant: string, id: string, change: (slip: Slip) => Slip): Promise<Slip> {
    const current = this.slips.get(`${tenant}|${id}`);
    if (!current) throw new AppError('NOT_FOUND', `There is no slip #${id}.`);
    const next = { ...change(structuredClone(current)), version: current.version + 1 };
    this.slips.set(`${tenant}|${id}`, next);
    return structuredClone(next);
  }

  async findByMessage(tenant: string, channel: string, messageRef: string): Promise<Slip | undefined> {
    const key = this.byMessage.get(`${tenant}|${channel}|${messageRef}`);
    return key ? structuredClone(this.slips.get(key)) : undefined;
  }

  async list(tenant: string, query: SlipQuery = {}): Promise<Slip[]> {
    const all = [...this.slips.values()]
      .filter((s) => s.tenant === tenant)
      .filter((s) => query.status !== 'open' || isOpen(s))
      .filter((s) => !query.owner || (s.owner === query.owner && isOpen(s)))
      .filter((s) => !query.channel || s.channel === query.channel)
      .filter((s) => query.since === undefined || s.createdAt >= query.since)
      .filter((s) => query.until === undefined || s.createdAt < query.until)
      .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id));
    return structuredClone(all.slice(Math.max(0, all.length - (query.limit ?? 1000))));
  }

  async forGuest(tenant: string, guestKey: string, since: number): Promise<Slip[]> {
    return (await this.list(tenant, { since })).filter((s) => s.guestRef?.key === guestKey);
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const slip = this.slips.get(`${tenant}|${id}`);
    if (!slip) return false;
    this.slips.delete(`${tenant}|${id}`);
    this.byMessage.delete(`${tenant}|${slip.channel}|${slip.messageRef}`);
    return true;
  }

  async deleteOlderThan(tenant: string, cutoff: number): Promise<number> {
    const old = (await this.list(tenant)).filter((s) => s.createdAt < cutoff);
    for (const slip of old) await this.delete(tenant, slip.id);
    return old.length;
  }

  async tenants(): Promise<string[]> {
    return [...new Set([...this.slips.values()].map((s) => s.tenant))];
  }
}
