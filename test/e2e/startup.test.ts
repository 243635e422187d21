import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_DIR, MODEL_FILE, VECTORS_FILE, WEIGHTS_FILE } from '../../src/coach/modelFiles';
import { cleanEnv, runTs } from '../helpers/processes';

/**
 * Start-up with a missing or damaged detector model: one clear line, a non-zero exit, and nothing left running (no
 * embedded Redis, no port), so the process ends on its own. A Redis URL that nothing listens on proves nothing was
 * contacted before the check.
 */
describe('start-up checks the detector model first', () => {
  const start = (modelDir: string) =>
    runTs('src/main.ts', ['shell'], {
      stdin: 'T12 got the wrong steak, guest annoyed\n',
      env: cleanEnv({
        MODEL_DIR: modelDir,
        REDIS_URL: 'redis://127.0.0.1:1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'rc-')),
      }),
    });

  it('a missing model file stops start-up with a line that says how to rebuild it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rc-model-'));
    const result = await start(empty);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `recovery-coach: The detector model file ${join(empty, MODEL_FILE)} is missing: run \`npm run train\` to rebuild it.`,
    );
  });

  it('a damaged model file stops start-up with one line, not a stack', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'rc-model-'));
    copyFileSync(join(MODEL_DIR, VECTORS_FILE), join(damaged, VECTORS_FILE));
    copyFileSync(join(MODEL_DIR, WEIGHTS_FILE), join(damaged, WEIGHTS_FILE));
    writeFileSync(join(damaged, MODEL_FILE), '{"format": "slip-model/1"');
    const result = await start(damaged);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^recovery-coach: The detector model in .* cannot be read \(.*\): run `npm run train`/,
    );
  });
});
