import { guestFromText } from './freeText';
import type { Slip } from './slip';
import type { SlipStore } from './store';

/** Deletes every tenant's slips created more than `days` ago; returns how many. */
export async function purgeOldSlips(slips: SlipStore, days: number, now: number): Promise<number> {
  const cutoff = now - days * 24 * 60 * 60_000;
  let deleted = 0;
  for (const tenant of await slips.tenants()) deleted += await slips.deleteOlderThan(tenant, cutoff);
  return deleted;
}

/**
 * A guest's request to be forgotten: every slip naming them ("rm 405", "the Hendersons") loses the reference, and
 * the words that named them are replaced in the slip's text, advice, promise and timeline notes. The slips themselves (what
 * went wrong, what was done) stay for the venue's records, no longer tied to the guest. Returns how many changed.
 */
export async function forgetGuest(
  slips: SlipStore,
  tenant: string,
  reference: string,
  /** Told about each scrubbed slip, so copies of its text elsewhere (the venue's taught examples) follow. */
  onScrubbed?: (slip: Slip) => Promise<void>,
): Promise<number> {
  const ref = guestFromText(reference);
  const found = (await Promise.all(keysOf(ref.key, reference).map((key) => slips.forGuest(tenant, key, 0)))).flat();
  for (const slip of found) {
    const after = await slips.update(tenant, slip.id, (s) => scrubbed(s, [reference, ref.text, s.guestRef?.text]));
    await onScrubbed?.(after);
  }
  return found.length;
}

/**
 * The keys a guest's slips can be stored under. A name that matches no pattern is keyed by a hash; slips stored
 * before that (still within the retention period) are keyed by the name itself, lower-cased, and are found too.
 */
function keysOf(key: string, reference: string): string[] {
  if (!key.startsWith('name:#')) return [key];
  return [key, `name:${reference.trim().slice(0, 80).toLowerCase().replace(/\s+/g, ' ')}`];
}

function scrubbed(slip: Slip, names: Array<string | undefined>): Slip {
  const patterns = [...new Set(names.filter((n): n is string => Boolean(n?.trim())).map((n) => n.trim()))]
    .sort((a, b) => b.length - a.length)
    .map((n) => new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'gi'));
  const scrub = (text: string) => patterns.reduce((t, p) => t.replace(p, '[guest]'), text);
  return {
    ...slip,
    guestRef: undefined,
    text: scrub(slip.text),
    // every word the guest was named in: the advice (escalation reasons), the promise, the timeline notes
    advice: scrubDeep(slip.advice, scrub),
    followUp: scrubDeep(slip.followUp, scrub),
    timeline: scrubDeep(slip.timeline, scrub),
  };
}

function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)])) as T;
  return value;
}
