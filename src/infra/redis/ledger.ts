import type { Redis } from 'ioredis';
import type { Claim, DeliveryLedger } from '../../followups/ports';
import { guarded, Keys } from './connection';

/**
 * GET + SET in one step: returns the previous state and leaves the key pending as of now, unless another attempt
 * claimed it less than ARGV[3] ms ago (it is sending right now: "busy", and the claim is left as it is).
 */
const CLAIM = `
local previous = redis.call('GET', KEYS[1])
if previous == 'done' then return {'done', '0'} end
if previous then
  local since = tonumber(string.sub(previous, 9))
  if since and tonumber(ARGV[1]) - since < tonumber(ARGV[3]) then return {'busy', tostring(since)} end
end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[1], 'PX', ARGV[2])
if previous then return {'pending', string.sub(previous, 9)} end
return {'claimed', '0'}
`;

/**
 * The delivery ledger in Redis: one key per delivery, "pending:<ms>" then "done", kept for a week. A pending
 * claim younger than `inFlightMs` (the workers' job lock: BullMQ only hands a job on once its holder missed that
 * long) belongs to an attempt still running.
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
    const now = (this.options.clock ?? Date.now)();
    const [state, since] = (await guarded('claim delivery', () =>
      this.redis.eval(
        CLAIM,
        1,
        this.key(key),
        String(now),
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

  async release(key: string): Promise<void> {
    await guarded('release delivery', () => this.redis.del(this.key(key)));
  }

  private ttl(): number {
    return this.options.ttlMs ?? 7 * 24 * 60 * 60_000;
  }

  private key(key: string): string {
    return this.keys.global('ledger', key);
  }
}
