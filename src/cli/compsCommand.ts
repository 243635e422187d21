import { parseArgs } from 'node:util';
import { type CompEntry, compsCsv } from '../comps/compLog';
import { AppError } from '../errors';
import { plainText } from '../views/escape';
import { parseFormat, parseSince } from './period';

export const COMPS_HELP = `usage: recovery-coach comps --workspace <T0123|tenant> [--since 30d] [--format csv|json|table] [--redis url]

  Every comp in the last N days (d) or weeks (w): given on a card, requested over a limit, approved or declined
  in chat, with who, what, how much, which slip and who approved it.`;

export interface CompsArgs {
  workspace: string;
  days: number;
  format: 'csv' | 'json' | 'table';
  redis?: string;
}

export function parseCompsArgs(argv: string[]): CompsArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      since: { type: 'string', default: '30d' },
      format: { type: 'string', default: 'csv' },
      redis: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  if (!values.workspace) throw new AppError('BAD_INPUT', COMPS_HELP);
  const days = parseSince(values.since);
  const format = parseFormat(values.format, ['csv', 'json', 'table'] as const);
  return { workspace: values.workspace, days, format, redis: values.redis };
}

export function formatComps(entries: CompEntry[], format: CompsArgs['format']): string {
  if (format === 'csv') return compsCsv(entries);
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  if (entries.length === 0) return 'No comps in this period.\n';
  return `${entries
    .map((e) =>
      [
        new Date(e.at).toISOString().slice(0, 16).replace('T', ' '),
        e.kind.padEnd(9),
        `#${e.slipId}`.padEnd(6),
        `${e.currency} ${e.cost}`.padEnd(10),
        plainText(e.gesture).slice(0, 40).padEnd(40),
        `by ${e.by}${e.approver ? `, ${e.kind} by ${e.approver}` : ''}`,
      ].join('  '),
    )
    .join('\n')}\n`;
}
