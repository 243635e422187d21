import { AppError } from '../../../src/errors';
import { deliverOnce } from '../../../src/followups/deliverOnce';
import { RedisDeliveryLedger } from '../../../src/infra/redis/ledger';
import type { DeliveryCheck, Messenger } from '../../../src/views/outbound';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';

const IN_FLIGHT_MS = 5000;

/**
 * A platform that cannot tell whether an earlier attempt arrived (like Teams), or one that can (like Slack): it
 * answers with a check, or throws (its history is rate limited).
 */
function messenger(wasDelivered?: boolean | NonNullable<Messenger['wasDelivered']>): Messenger {
  const check =
    typeof wasDelivered === 'function'
      ? wasDelivered
      : async (): Promise<DeliveryCheck> => (wasDelivered ? 'delivered' : 'absent');
  return {
    post: async () => ({ channel: 'C', ts: '1' }),
    sendDirect: async () => ({ channel: 'D', ts: '1' }),
    update: async () => undefined,
    ...(wasDelivered === undefined ? {} : { wasDelivered: check }),
  } as Messenger;
}

const rateLimited = () => new AppError('PLATFORM_RATE_LIMITED', 'Slack rate limit', { retryAfterMs: 1000 });

describe('deliverOnce with the Redis ledger', () => {
  let test: TestRedis;
  let now = 1_000_000;
  let ledger: RedisDeliveryLedger;
  beforeAll(async () => {
    test = await connectTestRedis('ledger');
    ledger = new RedisDeliveryLedger(test.redis, { prefix: test.prefix, clock: () => now, inFlightMs: IN_FLIGHT_MS });
  });
  afterAll(() => test.cleanup());

  it('two workers at once: one sends, the other steps back with a temporary error (never a double)', async () => {
    let sends = 0;
    let release!: () => void;
    const slow = () =>
      new Promise<void>((resolve) => {
        sends++;
        release = resolve;
      });
    const first = deliverOnce({ ledger, messenger: messenger() }, 't', 'both', { channel: 'C' }, slow);
    while (sends === 0) await new Promise((r) => setTimeout(r, 5));
    const second = deliverOnce({ ledger, messenger: messenger() }, 't', 'both', { channel: 'C' }, slow);
    await expect(second).rejects.toMatchObject({ code: 'PLATFORM_TEMPORARY' });
    release();
    await expect(first).resolves.toBe('sent');
    await expect(deliverOnce({ ledger, messenger: messenger() }, 't', 'both', { channel: 'C' }, slow)).resolves.toBe(
      'already',
    );
    expect(sends).toBe(1);
  });

  it('a claim left by a crashed sender is taken over after the in-flight window, however often it was retried', async () => {
    let sends = 0;
    const send = async () => void sends++;
    await ledger.claim('crashed');
    // retries inside the window step back and do not extend it
    for (let i = 0; i < 3; i++) {
      now += IN_FLIGHT_MS / 4;
      await expect(
        deliverOnce({ ledger, messenger: messenger() }, 't', 'crashed', { channel: 'C' }, send),
      ).rejects.toThrow(/in flight/);
    }
    now += IN_FLIGHT_MS / 2;
    // the platform says it arrived: confirmed without sending
    await expect(
      deliverOnce({ ledger, messenger: messenger(true) }, 't', 'crashed', { channel: 'C' }, send),
    ).resolves.toBe('already');
    expect(sends).toBe(0);
    await ledger.claim('lost');
    now += IN_FLIGHT_MS + 1;
    // a platform that cannot tell: sent again (at most once more, and only after the sender is surely gone)
    await expect(deliverOnce({ ledger, messenger: messenger() }, 't', 'lost', { channel: 'C' }, send)).resolves.toBe(
      'sent',
    );
    expect(sends).toBe(1);
  });

  it('a definite "no" from the platform forgets the claim so a retry sends at once; an ambiguous failure keeps it', async () => {
    const refuse = async () => {
      throw new AppError('PLATFORM_PERMANENT', 'channel archived');
    };
    await expect(
      deliverOnce({ ledger, messenger: messenger() }, 't', 'no', { channel: 'C' }, refuse),
    ).rejects.toThrow();
    expect((await ledger.claim('no')).state).toBe('claimed');
    const hangUp = async () => {
      throw new Error('socket hang up');
    };
    await expect(
      deliverOnce({ ledger, messenger: messenger() }, 't', 'maybe', { channel: 'C' }, hangUp),
    ).rejects.toThrow();
    expect((await ledger.claim('maybe')).state).toBe('busy');
  });

  it('after a crash, a history check that is rate limited is "can\'t tell": nothing is sent, the claim is held for the retry', async () => {
    let sends = 0;
    const send = async () => void sends++;
    const first = now;
    await ledger.claim('storm');
    now += IN_FLIGHT_MS + 1;
    const throttled = messenger(async () => {
      throw rateLimited();
    });
    for (let i = 0; i < 3; i++)
      await expect(
        deliverOnce({ ledger, messenger: throttled }, 't', 'storm', { channel: 'C' }, send),
      ).rejects.toMatchObject({ code: 'PLATFORM_RATE_LIMITED', retryAfterMs: 1000, details: { heldBack: true } });
    expect(sends).toBe(0);
    // the retry after Retry-After is not "busy", and looks back to the first attempt, not to the last retry
    now += 1000;
    const asked: number[] = [];
    const found = messenger(async (_t, _target, _key, since) => {
      asked.push(since);
      return 'delivered';
    });
    await expect(deliverOnce({ ledger, messenger: found }, 't', 'storm', { channel: 'C' }, send)).resolves.toBe(
      'already',
    );
    expect(asked).toEqual([first]);
    expect(sends).toBe(0);
  });

  it('a post refused with 429 after taking over a crashed claim keeps the claim: the next attempt checks again', async () => {
    const sends: string[] = [];
    await ledger.claim('taken');
    now += IN_FLIGHT_MS + 1;
    const refuse = async () => {
      sends.push('refused');
      throw rateLimited();
    };
    await expect(
      deliverOnce({ ledger, messenger: messenger(false) }, 't', 'taken', { channel: 'C' }, refuse),
    ).rejects.toMatchObject({ code: 'PLATFORM_RATE_LIMITED' });
    now += 1000;
    // the crashed attempt's message has shown up by now: the retry must look, not post blind
    await expect(
      deliverOnce({ ledger, messenger: messenger(true) }, 't', 'taken', { channel: 'C' }, async () => sends.push('x')),
    ).resolves.toBe('already');
    expect(sends).toEqual(['refused']);
  });

  it('a send that posted the message and then failed (a thread reply refused) is done: no retry posts it again', async () => {
    const sends: string[] = [];
    const partly = async () => {
      sends.push('posted');
      throw new AppError('PLATFORM_TEMPORARY', 'posted, but not its thread reply 1 of 2', {
        details: { posted: true },
      });
    };
    await expect(
      deliverOnce({ ledger, messenger: messenger() }, 't', 'partly', { channel: 'C' }, partly),
    ).rejects.toThrow(/posted, but not/);
    now += IN_FLIGHT_MS + 1;
    await expect(
      deliverOnce({ ledger, messenger: messenger() }, 't', 'partly', { channel: 'C' }, async () => sends.push('again')),
    ).resolves.toBe('already');
    expect(sends).toEqual(['posted']);
  });

  it('Teams (no way to ask): an interrupted send is sent again once, and reported; a 429 never adds a copy', async () => {
    const sends: string[] = [];
    const reported: string[] = [];
    const teams = { ledger, messenger: messenger(), onUnverified: (key: string) => reported.push(key) };
    await ledger.claim('teams');
    now += IN_FLIGHT_MS + 1;
    await expect(
      deliverOnce(teams, 't', 'teams', { user: 'U' }, async () => {
        throw rateLimited();
      }),
    ).rejects.toMatchObject({ code: 'PLATFORM_RATE_LIMITED' });
    await expect(deliverOnce(teams, 't', 'teams', { user: 'U' }, async () => sends.push('again'))).resolves.toBe(
      'sent',
    );
    await expect(deliverOnce(teams, 't', 'teams', { user: 'U' }, async () => sends.push('third'))).resolves.toBe(
      'already',
    );
    expect(sends).toEqual(['again']);
    expect(reported).toEqual(['teams', 'teams']);
  });
});
