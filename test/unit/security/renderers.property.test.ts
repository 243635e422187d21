import { buildReminder } from '../../../src/followups/reminder';
import { renderOutboundText } from '../../../src/platforms/shell/render';
import { renderEscalation } from '../../../src/platforms/slack/blocks/alerts';
import { renderRecoveryCard as slackCard } from '../../../src/platforms/slack/blocks/recoveryCard';
import { renderReminder as slackReminder } from '../../../src/platforms/slack/blocks/reminder';
import { renderRecoveryCard as teamsCard } from '../../../src/platforms/teams/cards/recoveryCard';
import { defaultPlaybook } from '../../../src/playbook/load';
import type { Playbook } from '../../../src/playbook/schema';
import { buildEscalation } from '../../../src/views/escalation';
import { buildRecoveryCard } from '../../../src/views/recoveryCard';
import { CARDS, EMAILS, leaks, PHONES } from '../../helpers/pii';
import { message, serviceWith } from '../../helpers/slips';

/**
 * Random unicode, markup and guest data thrown at every renderer, from each source: what a person types (the
 * message, the guest, the fix note, the promise), what the playbook says (a category a manager named) and what a
 * model wrote (the step lines). Whatever comes in, nothing unescaped and nothing unredacted comes out.
 */
const PIECES = [
  '<!channel>',
  '<!here|here>',
  '<@U0123ABCD>',
  '<#C0123|general>',
  '<https://evil.example/login|Guest portal>',
  '[Guest portal](https://evil.example)',
  '**bold**',
  '_it_',
  '~strike~',
  '`code`',
  '\n- item',
  '\n# head',
  '&amp;',
  '\u202Eevil\u202C',
  '\u2066iso\u2069',
  'zero\u200Bwidth',
  '\u200Fmark',
  '\u001b[31mred',
  ...CARDS,
  ...EMAILS,
  ...PHONES,
  'T12',
  'rm 405',
  'guest annoyed',
  'wrong steak',
  '👩‍🍳',
  'ü',
  '山田',
];

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GUEST_DATA = new Set<string>([...CARDS, ...EMAILS, ...PHONES]);

/** Words a person might type: markup, unicode and guest data. */
function text(next: () => number, words: number, pieces: string[] = PIECES): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    out.push(
      r < 0.8 ? pieces[Math.floor(next() * pieces.length)]! : String.fromCodePoint(Math.floor(next() * 0x2ffff)),
    );
  }
  return out.join(' ');
}

/** Words the playbook or a model might hold: markup and unicode (guest data is the people's words' concern). */
function markup(next: () => number, words: number): string {
  return text(
    next,
    words,
    PIECES.filter((p) => !GUEST_DATA.has(p)),
  );
}

// ESC (what a terminal obeys) as \p{Cc}; the lint rule forbids writing control characters in a pattern
const INVISIBLE = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|(?![\t\n])\p{Cc}/u;
/** Markup Slack would act on; our own `<!date^…>` times and links to the ids we stored (people, the channel) are allowed. */
const SLACK_MARKUP = /<(?!!date\^)(?!@(?:alex|sam)\b)(?!#C1>)[!@#]|<(?:https?|mailto|tel):/;

function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) mrkdwnTexts(v, out);
  else if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (node.type === 'mrkdwn' && typeof node.text === 'string') out.push(node.text);
    for (const v of Object.values(node)) mrkdwnTexts(v, out);
  }
  return out;
}

/** Every string in a rendered message (a JSON dump would show a control character as an escape, not itself). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function factTexts(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (key, v) => {
    if (key === 'facts' && Array.isArray(v)) for (const f of v) out.push(f.title, f.value);
    return v;
  });
  return out;
}

async function scenario(seed: number) {
  const next = random(seed);
  const playbook: Playbook = defaultPlaybook();
  // the playbook (a manager's words) and the model (its lines) are sources too
  playbook.categories = playbook.categories.map((c) => ({ ...c, name: `${markup(next, 2)} ${c.name}` }));
  // the detector never reads a category's name, so every seed shares one compiled detector (one per seed was most
  // of this file's time); the names still reach every renderer, through the advice
  const { service } = serviceWith({
    playbooks: { current: async () => ({ playbook, version: 0, cacheKey: 'renderers-property' }) },
  });
  const result = await service.report(message(`T4 waited 40 min ${text(next, 6)}`), {
    force: true,
    guestRef: text(next, 3),
  });
  if (result.kind !== 'reported') throw new Error('not reported');
  let slip = result.slip;
  slip = { ...slip, advice: { ...slip.advice, acknowledge: [markup(next, 4)], escalationReasons: [markup(next, 2)] } };
  const id = slip.id;
  await service.act('test-tenant', id, 'alex', { kind: 'acknowledge' });
  const corrected = await service.act('test-tenant', id, 'alex', { kind: 'correct', note: text(next, 4) });
  const scheduled = await service.act('test-tenant', id, 'alex', {
    kind: 'schedule_followup',
    dueAt: Date.now() + 60_000,
    promise: text(next, 4),
  });
  return { playbook, slip: { ...scheduled, advice: slip.advice, timeline: corrected.timeline } };
}

describe('every renderer, fed random unicode, markup and guest data', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
  it.each(seeds)('seed %i: nothing unescaped, nothing unredacted, nothing invisible', async (seed) => {
    const { playbook, slip } = await scenario(seed);
    const card = buildRecoveryCard(slip, playbook.venue);
    const reminder = buildReminder(slip, 'remind', playbook.venue.timezone);
    const alert = buildEscalation(slip, markup(random(seed + 1000), 3));
    const slack = [slackCard(card), slackReminder(reminder), renderEscalation(alert)];
    // the walks below must find something to check, or they would pass over nothing
    expect(mrkdwnTexts(slack.map((m) => m.blocks)).length).toBeGreaterThan(0);
    for (const message of slack) {
      for (const t of [message.text, ...mrkdwnTexts(message.blocks)]) expect(t).not.toMatch(SLACK_MARKUP);
    }
    const teams = teamsCard(card, { now: Date.now(), people: () => 'a teammate' });
    expect(factTexts(teams.card).length).toBeGreaterThan(0);
    for (const fact of factTexts(teams.card)) expect(fact).not.toMatch(/(?<!\\)[[\]*_`~<>]/);
    const shell = renderOutboundText({ kind: 'card', card }, Date.now());
    const everything = strings([slack, teams, shell]);
    expect(leaks(everything.join('\n'))).toEqual([]);
    for (const t of everything) expect(t).not.toMatch(INVISIBLE);
  });
});
