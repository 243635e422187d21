import type { Redis } from 'ioredis';
import type { Claim, DeliveryLedger } from '../../followups/ports';
import { guarded, Keys } from './connection';

/**
 * A pending entry is "pending:<attempt>:<first>": when the running attempt began (0 when none is running) and when
 * the first attempt began, which is how far back a later attempt must look for an earlier delivery. Entries written
 * before the first time was kept are "pending:<attempt>".
 */
const PARSE = `
local function parse(value)
  local attempt, first = string.match(value, '^pending:(%d+):?(%d*)$')
  if not attempt then return nil end
  if first == '' then first = attempt end
  return attempt, first
end
`;

/**
 * GET + SET in one step: returns the previous state and leaves the key pending with this attempt running, unless
 * another attempt began less than ARGV[3] ms ago (it is sending right now: "busy", and the entry is left as it is).
 */
const CLAIM = `${PARSE}
local previous = redis.call('GET', KEYS[1])
if previous == 'done' then return {'done', '0'} end
local attempt, first = nil, ARGV[1]
if previous then attempt, first = parse(previous) end
if attempt and attempt ~= '0' and tonumber(ARGV[1]) - tonumber(attempt) < tonumber(ARGV[3]) then
  return {'busy', attempt}
end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[1] .. ':' .. (first or ARGV[1]), 'PX', ARGV[2])
if previous then return {'pending', first or ARGV[1]} end
return {'claimed', '0'}
`;

/** Marks the running attempt as over (attempt 0), keeping the entry pending and its first time. */
const HOLD = `${PARSE}
local previous = redis.call('GET', KEYS[1])
if not previous or previous == 'done' then return 0 end
local _, first = parse(previous)
redis.call('SET', KEYS[1], 'pending:0:' .. (first or ARGV[1]), 'PX', ARGV[2])
return 1
`;

/**
 * The delivery ledger in Redis: one key per delivery, pending then "done", kept for a week. A running attempt
 * younger than `inFlightMs` (the workers' job lock: BullMQ only hands a job on once its holder missed that long)
 * may still be sending, so nobody else touches the delivery meanwhile.
 */
export class RedisDeliveryLedger implements DeliveryLedger {
  private readonly keys: Keys;

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix?: string; ttlMs?: number; clock?: () => number; inFlightMs?: number } = {},
  ) {
    this.keys = new Keys(options.prefix);
  }

  async claim(key: string): Promise<Claim> {
    const [state, since] = (await guarded('claim delivery', () =>
      this.redis.eval(
        CLAIM,
        1,
        this.key(key),
        String(this.now()),
        String(this.ttl()),
        String(this.options.inFlightMs ?? 30_000),
      ),
    )) as [string, string];
    if (state === 'done') return { state: 'done' };
    if (state === 'pending') return { state: 'pending', since: Number(since) };
    if (state === 'busy') return { state: 'busy', since: Number(since) };
    return { state: 'claimed' };
  }

  async confirm(key: string): Promise<void> {
    await guarded('confirm delivery', () => this.redis.set(this.key(key), 'done', 'PX', this.ttl()));
  }

  async hold(key: string): Promise<void> {
    await guarded('hold delivery', () =>
      this.redis.eval(HOLD, 1, this.key(key), String(this.now()), String(this.ttl())),
    );
  }

  async release(key: string): Promise<void> {
    await guarded('release delivery', () => this.redis.del(this.key(key)));
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  private ttl(): number {
    return this.options.ttlMs ?? 7 * 24 * 60 * 60_000;
  }

  private key(key: string): string {
    return this.keys.global('ledger', key);
  }
}
