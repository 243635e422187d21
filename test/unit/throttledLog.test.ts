import { ThrottledLog } from '../../src/log';
import { captureLog } from '../helpers/logLines';

describe('ThrottledLog: an event outsiders can repeat is a line per interval, counting the ones left out', () => {
  it('logs the first at once, counts the rest within the interval, and says how many in the next line', () => {
    const output = captureLog();
    try {
      let now = 1_000_000;
      const refusals = new ThrottledLog(output.log, 60_000, () => now);
      for (let i = 0; i < 20; i++) {
        refusals.warn({ code: 'UNAUTHORIZED', reason: `try ${i}` }, 'refused');
        now += 1000;
      }
      expect(output.lines()).toHaveLength(1);
      now += 40_000; // a minute after the first line
      refusals.warn({ code: 'UNAUTHORIZED', reason: 'later' }, 'refused');
      const lines = output.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toMatchObject([
        { code: 'UNAUTHORIZED', reason: 'try 0', suppressed: 0, msg: 'refused' },
        { code: 'UNAUTHORIZED', reason: 'later', suppressed: 19, msg: 'refused' },
      ]);
    } finally {
      output.restore();
    }
  });
});
