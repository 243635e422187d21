import { recordCard } from '../../../src/conversation/recordCard';
import { AppError } from '../../../src/errors';
import type { Slip } from '../../../src/slips/slip';
import { captureLog } from '../../helpers/logLines';

/** Recording a card that is already up (Slack and Teams share this): a storage failure is logged, never thrown. */
describe('recordCard', () => {
  const slip = { tenant: 'slack-T1', id: 'S7' };

  it('returns the slip with its card recorded', async () => {
    const captured = captureLog();
    try {
      const recorded = { ...slip, cardRef: 'c1' } as unknown as Slip;
      await expect(recordCard(captured.log, slip, async () => recorded)).resolves.toBe(recorded);
    } finally {
      captured.restore();
    }
  });

  it('logs a storage failure with the slip, and lets the card stand instead of failing the delivery', async () => {
    const captured = captureLog();
    try {
      const down = new AppError('STORE_UNAVAILABLE', 'redis is down');
      await expect(
        recordCard(captured.log, slip, async () => {
          throw down;
        }),
      ).resolves.toBeUndefined();
      const line = captured.lines().find((l) => l.includes('recording a posted card'));
      expect(line).toBeDefined();
      expect(line).toContain('S7');
      expect(line).toContain('STORE_UNAVAILABLE');
    } finally {
      captured.restore();
    }
  });
});
