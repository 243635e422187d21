import { AppError } from '../../../src/errors';
import { deliverOnce } from '../../../src/followups/deliverOnce';
import { RedisDeliveryLedger } from '../../../src/infra/redis/ledger';
import type { Messenger } from '../../../src/views/outbound';
import { connectTestRedis, type TestRedis } from '../../helpers/redis';

const IN_FLIGHT_MS = 5000;

/** A platform that cannot tell whether an earlier attempt arrived (like Teams), or one that can (like Slack). */
function messenger(wasDelivered?: boolean): Messenger {
  return {
    post: async () => ({ channel: 'C', ts: '1' }),
    sendDirect: async () => ({ channel: 'D', ts: '1' }),
    update: async () => undefined,
    ...(wasDelivered === undefined ? {} : { wasDelivered: async () => wasDelivered }),
  } as Messenger;
}

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
});
