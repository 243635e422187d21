import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Guest words never belong in a log line: message text, tokens and auth headers are
 * censored even if a caller passes them by mistake.
 */
export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'recovery-coach',
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: {
        paths: [
          'text',
          '*.text',
          'quote',
          '*.quote',
          'token',
          '*.token',
          'botToken',
          'headers.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
          'apiKey',
        ],
        censor: '[redacted]',
      },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

/** A logger that writes nothing (tests, the CLI). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * One log line per `intervalMs` at most, for an event outsiders can repeat at will (a refused request): the first
 * is logged at once, the ones after it within the interval are only counted, and the next line logged says how
 * many were left out since the previous one (`suppressed`). A flood costs a line a minute, not a line a request.
 */
export class ThrottledLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  warn(fields: Record<string, unknown>, message: string): void {
    const now = this.clock();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.log.warn({ ...fields, suppressed: this.suppressed }, message);
    this.lastAt = now;
    this.suppressed = 0;
  }
}
