/**
 * One coded error family. Every error the app raises on purpose is an AppError with a stable string `code`, so logs,
 * metrics and user-facing replies can branch on the code instead of on message text.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'PLAYBOOK_INVALID'
  | 'PLAYBOOK_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  /** A request without valid credentials (a Bot Framework token): answered 401. */
  | 'UNAUTHORIZED'
  | 'BAD_INPUT'
  | 'STORE_UNAVAILABLE'
  | 'PLATFORM_RATE_LIMITED'
  | 'PLATFORM_TEMPORARY'
  | 'PLATFORM_PERMANENT'
  | 'LLM_TIMEOUT'
  | 'LLM_NETWORK'
  | 'LLM_RATE_LIMITED'
  | 'LLM_SERVER'
  | 'LLM_REFUSAL'
  | 'LLM_MALFORMED'
  | 'LLM_SCHEMA'
  | 'REDIS_MISSING'
  /** The detector's model files are absent or damaged: start-up stops and says how to rebuild them. */
  | 'MODEL_MISSING'
  | 'MODEL_CORRUPT'
  | 'INTERNAL';

export interface AppErrorOptions {
  cause?: unknown;
  /** Structured context for logs (never guest PII). */
  details?: Record<string, unknown>;
  /** For rate limits: how long the caller should wait before trying again. */
  retryAfterMs?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Errors a person caused and can fix (shown to them as-is); everything else is our fault. */
  get isUserFacing(): boolean {
    return USER_FACING.has(this.code);
  }
}

const USER_FACING = new Set<ErrorCode>([
  'PLAYBOOK_INVALID',
  'PLAYBOOK_CONFLICT',
  'INVALID_TRANSITION',
  'NOT_FOUND',
  'FORBIDDEN',
  'BAD_INPUT',
  'CONFIG_INVALID',
]);

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(error: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(fallback, message, { cause: error });
}

/** Minimal logger surface the error reporter needs (pino satisfies it). */
export interface ErrorLogger {
  error(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

/** Counts errors by code; the metrics module supplies the real one. */
export type ErrorCounter = (code: ErrorCode) => void;

let processCounter: ErrorCounter | undefined;

/** Every reportError in this process is counted here (the role's metrics), unless a caller passes its own. */
export function countErrorsWith(counter: ErrorCounter | undefined): void {
  processCounter = counter;
}

export interface ReportContext {
  tenant?: string;
  eventId?: string;
  slipId?: string;
  where?: string;
}

/**
 * The one place errors are logged: Bolt's error handler, botbuilder's onTurnError and the worker all call this,
 * so every failure has the same shape in the logs and is counted once.
 */
export function reportError(
  log: ErrorLogger,
  error: unknown,
  context: ReportContext = {},
  count?: ErrorCounter,
): AppError {
  const appError = toAppError(error);
  (count ?? processCounter)?.(appError.code);
  const entry = { ...context, code: appError.code, err: describe(appError), ...appError.details };
  if (appError.isUserFacing) log.warn(entry, appError.message);
  else log.error(entry, appError.message);
  return appError;
}

function describe(error: AppError): Record<string, unknown> {
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { message: error.message, stack: error.stack, cause };
}

/** The sentence a staff member sees when something on our side failed. */
export function userMessage(error: AppError): string {
  if (error.isUserFacing) return error.message;
  if (error.code === 'STORE_UNAVAILABLE')
    return "I'm having trouble reaching my storage right now, so nothing was saved. Please try again in a minute.";
  return 'Something went wrong on my side and nothing was changed. Please try again in a minute.';
}
