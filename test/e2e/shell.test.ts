import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runTs } from '../helpers/processes';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';

function shellEnv(): NodeJS.ProcessEnv {
  return cleanEnv({
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniquePrefix('shell'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rc-shell-')),
    VENUE_TIMEZONE: 'America/Chicago',
  });
}

describe('the local shell chat (npm start without chat credentials)', () => {
  it('coaches a slip through the three steps from piped input, quiet on chatter', async () => {
    const script = [
      "who's closing bar?",
      'T12 got the wrong steak, guest annoyed',
      'ack 1',
      'fix 1 dessert on us $8',
      'connect 1',
      'followup 1 15m',
      '/list',
      'done 1 recovered',
      'close 1',
    ].join('\n');
    const result = await runTs('src/main.ts', [], { stdin: script, env: shellEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).not.toMatch(/closing bar/);
    expect(out).toContain('Slip #1 · Wrong order · T12 · Medium');
    expect(out).toContain("I'm so sorry, that's not what you ordered.");
    expect(out).toMatch(/1\. Acknowledge {2}✓/);
    expect(out).toContain('(dessert on us ($8.00))');
    expect(out).toMatch(/Follow-up: in 15 min/);
    expect(out).toContain('#1 Wrong order · T12 · connected');
    expect(out).toContain('Follow-up: done (recovered)');
    expect(out).toMatch(/└ Closed · \S+ closed it just now/);
  });

  it('recat moves a slip to the category named (by id or name), and lists them when it is unclear', async () => {
    const script = ['T12 got the wrong steak, guest annoyed', 'recat 1', 'recat 1 frobs', 'recat 1 Billing'].join('\n');
    const result = await runTs('src/main.ts', ['shell'], { stdin: script, env: shellEnv() });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('Slip #1 · Wrong order · T12');
    expect(out).toMatch(/Pick one: recat 1 <category>\. wrong_order \(Wrong order\), .*billing \(/);
    expect(out).toContain('Which category is "frobs"?');
    expect(out).toContain('Slip #1 · Billing');
    expect(out).toMatch(/changed the category/);
  });

  it('/role names a person as typed (the terminal has no @mentions); only a manager may grant', async () => {
    const script = ['/as boss', '/role @sam lead', '/as pat', '/role sam manager'].join('\n');
    const result = await runTs('src/main.ts', ['shell'], {
      stdin: script,
      env: { ...shellEnv(), MANAGER_USER_IDS: 'boss' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sam is now Shift lead');
    expect(result.stdout).toContain('Only managers can grant roles.');
  });

  it('answers /recover, /help and mistakes with clear messages, and never crashes', async () => {
    const script = [
      '/recover the guest on 5 wants a word with someone',
      '/recover',
      '/help',
      'ack 7',
      '/frobnicate',
      'fix 1',
      'fix 1 comped the whole table $200',
      '',
      '🙂 ñandú <!channel>',
    ].join('\n');
    const result = await runTs('src/main.ts', ['shell'], { stdin: script, env: shellEnv() });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/Slip #1 · \S/);
    expect(out).toContain('Tell me what happened: /recover');
    expect(out).toContain('ack N');
    expect(out).toContain('⚠ Acknowledge first: own it with the guest before fixing it.');
    expect(out).toContain("I don't know /frobnicate. Type /help.");
    expect(out).not.toContain('There is no slip #7');
  });

  it('refuses a comp above the staff member limit', async () => {
    const script = ['T4 waited 40 min for mains', 'ack 1', 'fix 1 comped the whole table $200'].join('\n');
    const result = await runTs('src/main.ts', ['shell'], { stdin: script, env: shellEnv() });
    expect(result.stdout).toMatch(/⚠ That's over your USD 15 comp limit as Server \/ floor staff\. Ask a Manager/);
  });

  it('fails fast with a list of every bad setting', async () => {
    const result = await runTs('src/main.ts', [], {
      env: cleanEnv({ PORT: 'abc', VENUE_TIMEZONE: 'Mars/Base', SLACK_BOT_TOKEN: 'xoxb-1' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('VENUE_TIMEZONE: use an IANA time zone');
  });
});
