import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runTs } from '../helpers/processes';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

/** The shell's `/insights [30d] [#channel]`: the terminal is the watched channel #shift-floor. */
describe('the shell: /insights for a channel', () => {
  it("gives #shift-floor's figures, and says so for a channel it does not watch", async () => {
    const script = [
      '/as boss',
      'T12 got the wrong steak, guest annoyed',
      'ack 1',
      'fix 1 dessert on us $8',
      'T4 waited 40 min for mains, guest annoyed',
      '/insights 7d #shift-floor',
      '/insights #kitchen',
    ].join('\n');
    const result = await runTs('src/main.ts', ['shell'], {
      stdin: script,
      env: cleanEnv({
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: uniquePrefix('shellins'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rc-shell-')),
        VENUE_TIMEZONE: 'America/Chicago',
        MANAGER_USER_IDS: 'boss',
      }),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/Insights in #shift-floor, last 7 days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)\n• Slips: 2 \(/);
    expect(out).toContain('• Comps: 1, USD 8; by gesture: dessert on us 1 (USD 8)');
    expect(out).toContain('#kitchen is not a channel I watch in this workspace');
  }, 30_000);
});
