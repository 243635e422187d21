import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzip } from '../helpers/unzip';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** The Teams app package as a person builds it: the real command in its own process (the package itself: unit/teams). */
describe('the Teams app package command', () => {
  it('npm run teams:package writes the zip, and says what is missing when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teams-pkg-'));
    const out = join(dir, 'app.zip');
    const root = resolve(__dirname, '../..');
    const tsx = join(root, 'node_modules/.bin/tsx');
    try {
      const said = execFileSync(tsx, ['src/platforms/teams/package/build.ts', '--out', out], {
        cwd: root,
        env: { ...process.env, MICROSOFT_APP_ID: APP_ID, TEAMS_PUBLIC_URL: 'https://coach.example.com' },
        encoding: 'utf8',
      });
      expect(said).toContain(out);
      expect(unzip(readFileSync(out)).has('manifest.json')).toBe(true);
      let failure: { status: number; stderr: string } | undefined;
      try {
        execFileSync(tsx, ['src/platforms/teams/package/build.ts', '--out', out], {
          cwd: root,
          env: { ...process.env, MICROSOFT_APP_ID: '', TEAMS_PUBLIC_URL: '' },
          encoding: 'utf8',
          stdio: 'pipe',
        });
      } catch (error) {
        failure = error as { status: number; stderr: string };
      }
      expect(failure?.status).toBe(2);
      expect(failure?.stderr).toContain('MICROSOFT_APP_ID');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
