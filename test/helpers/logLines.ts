import { Writable } from 'node:stream';
import { format } from 'node:util';
import { createLogger, type Logger } from '../../src/log';

/**
 * Everything a process would write to its log, captured: the app's pino lines (through `log`) and anything a
 * library prints with console.* while capture is on. `lines()` is what an operator's log shipper would see, one
 * entry per line.
 */
export interface CapturedLog {
  log: Logger;
  lines(): string[];
  clear(): void;
  /** Puts console back as it was. */
  restore(): void;
}

export function captureLog(level = 'info'): CapturedLog {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const methods = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
  const spies = methods.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      text += `${format(...args)}\n`;
    }),
  );
  return {
    log: createLogger({ level, destination: stream }),
    lines: () => text.split('\n').filter((line) => line !== ''),
    clear: () => {
      text = '';
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
