import { AppError } from '../errors';

/** `--since 30d` or `--since 4w` as a number of days, 1 to 400; a clear error for anything else. */
export function parseSince(value: string | undefined): number {
  const since = /^(\d{1,3})([dw])$/.exec(value ?? '30d');
  const days = since ? Number(since[1]) * (since[2] === 'w' ? 7 : 1) : 0;
  if (days < 1 || days > 400)
    throw new AppError('BAD_INPUT', `--since takes 1d to 400d (or weeks: 4w), not "${value}"`);
  return days;
}

/** `--format`, one of the ones the command writes. */
export function parseFormat<F extends string>(value: string | undefined, formats: readonly F[]): F {
  if (!formats.includes(value as F))
    throw new AppError('BAD_INPUT', `--format is ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}`);
  return value as F;
}
