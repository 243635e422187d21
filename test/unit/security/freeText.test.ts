import { PassThrough } from 'node:stream';
import { AppError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { SHELL_TENANT, ShellChat } from '../../../src/platforms/shell/shellChat';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import { personFromText } from '../../../src/slips/freeText';
import { forgetGuest } from '../../../src/slips/retention';
import { conversationWith } from '../../helpers/memoryPorts';
import { CARDS, EMAILS, leaks, PHONES } from '../../helpers/pii';
import { message, serviceWith } from '../../helpers/slips';

const PII = `${CARDS[0]} ${CARDS[2]} ${EMAILS[0]} ${PHONES[0]}`;

describe('every free-text field is redacted before it is stored', () => {
  it('the guest typed in a form, the fix note, the gesture, the promise and a note', async () => {
    const { service, slips } = serviceWith();
    const reported = await service.report(message('T4 waited 40 min for mains'), {
      force: true,
      guestRef: `the couple by the window ${PII}`,
    });
    if (reported.kind !== 'reported') throw new Error('not reported');
    const id = reported.slip.id;
    await service.act('test-tenant', id, 'alex', { kind: 'acknowledge' });
    await service.act('test-tenant', id, 'alex', { kind: 'correct', note: `fixed ${PII}`, gesture: `comp ${PII}` });
    await service.act('test-tenant', id, 'alex', { kind: 'connect', note: `rang ${PII}` });
    await service.act('test-tenant', id, 'alex', {
      kind: 'schedule_followup',
      dueAt: Date.now() + 60_000,
      promise: `call back on ${PII}`,
    });
    const stored = JSON.stringify(await slips.get('test-tenant', id));
    expect(leaks(stored)).toEqual([]);
    expect(stored).toContain('[card]');
    expect(stored).toContain('[email]');
  });

  it('a guest that matches no pattern is keyed by a hash, never by what was typed', async () => {
    const { service } = serviceWith();
    const result = await service.report(message('T4 waited 40 min for mains'), {
      force: true,
      guestRef: 'the couple by the window',
    });
    if (result.kind !== 'reported') throw new Error('not reported');
    expect(result.slip.guestRef?.text).toBe('the couple by the window');
    expect(result.slip.guestRef?.key).toMatch(/^name:#[0-9a-f]{24}$/);
  });

  it('a forget request also finds the slips stored before typed names were keyed by a hash', async () => {
    const { service, slips } = serviceWith();
    const result = await service.report(message('T4 waited 40 min for mains'), {
      force: true,
      guestRef: 'the couple by the window',
    });
    if (result.kind !== 'reported') throw new Error('not reported');
    // as an earlier version stored it: the name itself in the key
    await slips.update('test-tenant', result.slip.id, (s) => ({
      ...s,
      guestRef: { ...s.guestRef!, key: 'name:the couple by the window' },
    }));
    expect(await forgetGuest(slips, 'test-tenant', 'The couple  by the window')).toBe(1);
    expect((await slips.get('test-tenant', result.slip.id))!.guestRef).toBeUndefined();
  });

  it('refuses a gesture picked from a form that the playbook does not have, and changes nothing', async () => {
    const { service, slips } = serviceWith();
    const result = await service.report(message('T6 burger came out raw, guest upset'), { force: true });
    if (result.kind !== 'reported') throw new Error('not reported');
    await service.act('test-tenant', result.slip.id, 'alex', { kind: 'acknowledge' });
    const before = await slips.get('test-tenant', result.slip.id);
    const crafted = service.act('test-tenant', result.slip.id, 'alex', {
      kind: 'correct',
      gesture: '<!here> Free everything',
      cost: 5,
      picked: true,
    });
    await expect(crafted).rejects.toThrow(AppError);
    await expect(crafted).rejects.toThrow('Pick a gesture from the list.');
    expect(await slips.get('test-tenant', result.slip.id)).toEqual(before);
  });
});

describe('the shell chat', () => {
  /** Runs the chat over `lines`; what it stored and what it printed. */
  async function chatThrough(lines: string[]) {
    const playbooks = new StaticPlaybookSource(defaultPlaybook());
    const { service, slips } = serviceWith({ playbooks });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const chat = new ShellChat({
      service,
      slips,
      playbooks,
      conversation: conversationWith(service, playbooks),
      input,
      output,
      log: silentLogger(),
      interactive: false,
      user: 'alex',
    });
    const done = chat.run();
    input.end(lines.join('\n'));
    await done;
    return { slips: await slips.list(SHELL_TENANT), printed };
  }

  it('redacts what `fix` and `connect` say, in what it stores and what it prints', async () => {
    const { slips, printed } = await chatThrough([
      'T12 got the wrong steak, guest annoyed',
      'ack 1',
      `fix 1 re-fired, card was ${CARDS[1]} ${EMAILS[1]} $8`,
      `connect 1 called her on ${PHONES[1]}`,
      'show 1',
    ]);
    const stored = JSON.stringify(slips);
    expect(stored).toContain('[card]');
    expect(leaks(stored)).toEqual([]);
    expect(leaks(printed)).toEqual([]);
  });

  it('stores a typed person by their name, and anything else (an address, escape codes) by a hash', async () => {
    const { slips, printed } = await chatThrough([
      'T12 got the wrong steak, guest annoyed',
      'assign 1 Sam',
      `assign 1 ${EMAILS[1]}`,
      '/as \u001b[2Jmallory',
      'T14 soup is cold, guest annoyed',
    ]);
    const [first, second] = slips.sort((a, b) => Number(a.id) - Number(b.id));
    expect(first!.timeline.filter((e) => e.kind === 'reassigned').map((e) => e.note)).toEqual([
      'Sam',
      personFromText(EMAILS[1]!),
    ]);
    expect(first!.owner).toMatch(/^#[0-9a-f]{24}$/);
    expect(second!.owner).toMatch(/^#[0-9a-f]{24}$/);
    expect(leaks(JSON.stringify(slips))).toEqual([]);
    expect(leaks(printed)).toEqual([]);
    expect(printed).not.toContain('\u001b');
  });
});
