import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanEnv, ROOT } from '../helpers/processes';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

/** `npm start` without chat credentials shows reminders too: printed into the shell chat when due. */
describe('the shell chat prints follow-up reminders when they fall due', () => {
  it('reminds, then records the outcome', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'src/main.ts'), 'shell'], {
      cwd: ROOT,
      env: cleanEnv({
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: uniquePrefix('shellfu'),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rc-shfu-')),
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const waitFor = async (pattern: RegExp, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && !pattern.test(out)) await new Promise((r) => setTimeout(r, 50));
      if (!pattern.test(out)) throw new Error(`no ${pattern} in:\n${out}`);
    };
    try {
      child.stdin.write('T12 got the wrong steak, guest annoyed\nfollowup 1 2s\n');
      await waitFor(/Follow-up: in \d+ min|Follow-up: now/);
      await waitFor(/⏰ Follow-up due for slip #1 · Wrong order · T12/);
      expect(out).toContain('How did it go? done 1 recovered');
      child.stdin.write('done 1 recovered\n');
      await waitFor(/Follow-up: done \(recovered\)/);
    } finally {
      child.stdin.end();
      await new Promise((r) => child.on('exit', r));
    }
  }, 30_000);
});
