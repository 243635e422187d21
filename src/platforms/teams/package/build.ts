import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { colorIcon, outlineIcon } from './icons';
import { teamsManifest } from './manifest';

/** Every entry's modification time, fixed (local midnight, as ZIP stores it) so builds are byte-identical. */
const MTIME = new Date(2020, 0, 1);

/**
 * The Teams app package: manifest.json and the two icons at the archive's root (no folders), deflated, zipped for
 * upload to Teams (Apps → Upload an app).
 */
export function buildTeamsPackage(options: { appId: string; publicUrl: string; version: string }): Buffer {
  const manifest = teamsManifest(options);
  const archive = zipSync(
    {
      'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': colorIcon(),
      'outline.png': outlineIcon(),
    },
    { level: 9, mtime: MTIME },
  );
  return Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
}

/** `npm run teams:package [-- --out file]`: reads MICROSOFT_APP_ID and TEAMS_PUBLIC_URL from the environment. */
function main(argv: string[]): number {
  const outIndex = argv.indexOf('--out');
  const out = resolve(
    outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : 'dist/teams/recovery-coach-teams.zip',
  );
  const appId = process.env.MICROSOFT_APP_ID;
  const publicUrl = process.env.TEAMS_PUBLIC_URL;
  if (!appId || !publicUrl) {
    process.stderr.write(
      'teams:package needs MICROSOFT_APP_ID (the Azure bot registration id) and TEAMS_PUBLIC_URL (https://your-host),\n' +
        'e.g. MICROSOFT_APP_ID=00000000-0000-0000-0000-000000000000 TEAMS_PUBLIC_URL=https://coach.example.com npm run teams:package\n',
    );
    return 2;
  }
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8')) as {
    version: string;
  };
  try {
    const archive = buildTeamsPackage({ appId, publicUrl, version });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, archive);
    process.stdout.write(
      `Wrote ${out} (${archive.length} bytes): upload it in Teams under Apps → Manage your apps → Upload an app.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`teams:package: ${(error as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
