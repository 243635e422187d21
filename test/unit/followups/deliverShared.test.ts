import { AppError } from '../../../src/errors';
import { deliverAboutSlip } from '../../../src/followups/deliverAboutSlip';
import { deliverToEach } from '../../../src/followups/deliverToEach';
import type { DeliveryLedger } from '../../../src/followups/ports';
import type { Messenger } from '../../../src/views/outbound';
import { aSlip } from '../../helpers/fixtures';

/** A ledger that has never seen a key: every claim is fresh. */
const freshLedger: DeliveryLedger = {
  claim: async () => ({ state: 'claimed' }),
  confirm: async () => undefined,
  hold: async () => undefined,
  release: async () => undefined,
};

function recordingMessenger(): { messenger: Messenger; sent: string[] } {
  const sent: string[] = [];
  const messenger = {
    post: async (_tenant: string, channel: string, _out: unknown, options?: { threadRef?: string }) => {
      sent.push(`post ${channel} ${options?.threadRef}`);
      return { channel, ts: '1' };
    },
    sendDirect: async (_tenant: string, user: string) => {
      sent.push(`dm ${user}`);
      return { channel: 'D', ts: '1' };
    },
    update: async () => undefined,
  } as unknown as Messenger;
  return { messenger, sent };
}

describe('deliverAboutSlip', () => {
  const message = { kind: 'said', said: { key: 'noManagers' } } as never;

  it.each([
    ['a shared slip, to the thread', false, 'thread', 'post C1 t1'],
    ['a shared slip, by DM when asked', false, 'dm', 'dm owner'],
    ['a private slip, by DM even when the thread is asked for', true, 'thread', 'dm owner'],
  ] as const)('sends %s', async (_name, isPrivate, where, expected) => {
    const { messenger, sent } = recordingMessenger();
    const slip = aSlip({ channel: 'C1', threadRef: 't1', owner: 'owner', private: isPrivate });
    await expect(
      deliverAboutSlip({ ledger: freshLedger, messenger }, slip, { key: 'k', message, where }),
    ).resolves.toBe('sent');
    expect(sent).toEqual([expected]);
  });
});

describe('deliverToEach', () => {
  const gone = () => new AppError('PLATFORM_PERMANENT', 'user gone');
  const busy = () => new AppError('PLATFORM_RATE_LIMITED', 'slow down', { retryAfterMs: 1000 });

  it('skips someone refused for good and counts the others sent now', async () => {
    const result = await deliverToEach(['a', 'b', 'c'], async (who) => {
      if (who === 'b') throw gone();
      return who === 'a' ? 'sent' : 'already';
    });
    expect(result).toEqual({ sent: 1, skipped: 1 });
  });

  it('fails the call when someone is not reachable yet, after trying everyone', async () => {
    const tried: string[] = [];
    const send = async (who: string) => {
      tried.push(who);
      if (who === 'b') throw busy();
      if (who === 'c') throw gone();
      return 'sent';
    };
    await expect(deliverToEach(['a', 'b', 'c'], send)).rejects.toMatchObject({ code: 'PLATFORM_RATE_LIMITED' });
    expect(tried).toEqual(['a', 'b', 'c']);
  });

  it('fails the call when everyone was refused, and does nothing for nobody', async () => {
    await expect(deliverToEach(['a', 'b'], async () => Promise.reject(gone()))).rejects.toMatchObject({
      code: 'PLATFORM_PERMANENT',
    });
    await expect(deliverToEach([], async () => 'sent')).resolves.toEqual({ sent: 0, skipped: 0 });
  });
});
