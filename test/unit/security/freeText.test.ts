import { PassThrough } from 'node:stream';
import { AppError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { SHELL_TENANT, ShellChat } from '../../../src/platforms/shell/shellChat';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
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
  it('redacts what `fix` and `connect` say, in what it stores and what it prints', async () => {
    const { service, slips } = serviceWith();
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const chat = new ShellChat({
      service,
      slips,
      playbooks: new StaticPlaybookSource(defaultPlaybook()),
      input,
      output,
      log: silentLogger(),
      interactive: false,
      user: 'alex',
    });
    const done = chat.run();
    input.end(
      [
        'T12 got the wrong steak, guest annoyed',
        'ack 1',
        `fix 1 re-fired, card was ${CARDS[1]} ${EMAILS[1]} $8`,
        `connect 1 called her on ${PHONES[1]}`,
        'show 1',
      ].join('\n'),
    );
    await done;
    const stored = JSON.stringify(await slips.list(SHELL_TENANT));
    expect(stored).toContain('[card]');
    expect(leaks(stored)).toEqual([]);
    expect(leaks(printed)).toEqual([]);
  });
});
