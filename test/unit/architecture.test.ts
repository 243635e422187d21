import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');
const FEATURES = ['coach', 'playbook', 'slips', 'followups', 'handoff', 'views', 'conversation', 'clock', 'insights'];
const VENDOR = /^(@slack\/|botbuilder|botframework|bullmq|ioredis|openai|@microsoft\/|express)/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers a file imports (static imports, re-exports, require and dynamic import). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

describe('architecture', () => {
  it('keeps vendor SDKs out of the feature folders', () => {
    const offenders = FEATURES.flatMap((feature) =>
      sourceFiles(join(SRC, feature)).flatMap((file) =>
        importsOf(file)
          .filter((s) => VENDOR.test(s))
          .map((s) => `${relative(SRC, file)} imports ${s}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps feature folders from importing platforms or infra', () => {
    const offenders = FEATURES.flatMap((feature) =>
      sourceFiles(join(SRC, feature)).flatMap((file) =>
        importsOf(file)
          .map((s) => resolveLocal(file, s))
          .filter((target): target is string => Boolean(target))
          .filter((target) => /^(platforms|infra)\//.test(relative(SRC, target)))
          .map((target) => `${relative(SRC, file)} imports ${relative(SRC, target)}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps each platform to itself: Slack, Teams and the shell meet only in the conversation layer and the core', () => {
    const platforms = ['slack', 'teams', 'shell'];
    const offenders = platforms.flatMap((platform) =>
      sourceFiles(join(SRC, 'platforms', platform)).flatMap((file) =>
        importsOf(file)
          .map((s) => resolveLocal(file, s))
          .filter((target): target is string => Boolean(target))
          .map((target) => relative(SRC, target))
          .filter((target) => platforms.some((other) => other !== platform && target.startsWith(`platforms/${other}/`)))
          .map((target) => `${relative(SRC, file)} imports ${target}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('says each sentence a user reads in one place: no command reply is written in a platform', () => {
    // sentences the conversation catalogue owns; a platform that writes one again has forked the conversation
    const owned = [
      "I'm watching this channel for guest slips",
      "I've stopped watching this channel",
      'No shift times set for this channel',
      'No guest issues logged this shift so far',
      'is back to the everyday role',
      "doesn't read like a guest slip",
      "so I couldn't log this slip",
      'AI coaching is',
      'helps you recover a guest after a slip',
      'now${',
      'What we promised:',
      'its card is in the thread',
      'still unhappy ·',
      "I don't watch that channel any more",
    ];
    const offenders = sourceFiles(SRC)
      .filter((file) => !relative(SRC, file).startsWith('conversation/'))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return owned.filter((sentence) => text.includes(sentence)).map((s) => `${relative(SRC, file)}: "${s}"`);
      });
    expect(offenders).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      // type-only imports vanish at runtime and cannot form a load-order cycle
      const runtime = importsOf(file).filter(
        (s) => !new RegExp(`import type [^;]*from ['"]${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`).test(text),
      );
      graph.set(
        file,
        runtime.map((s) => resolveLocal(file, s)).filter((t): t is string => Boolean(t)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'visiting');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'visiting')
          cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it('builds every Teams message that carries a card with cardMessage, so its text is escaped in one place', () => {
    const teams = join(SRC, 'platforms/teams');
    // cards.ts is that one place; cards/ renders the cards themselves; connector.ts declares the shape
    const own = (file: string) => /^(cards\.ts|cards\/|connector\.ts)/.test(relative(teams, file));
    const offenders = sourceFiles(teams)
      .filter((file) => !own(file) && /\battachments\s*:/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
