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
