import { DateTime } from 'luxon';
import { escapeTeamsMarkdown, plainText } from '../../../views/escape';

/** Adaptive Card building blocks (schema 1.5, what Teams renders). Pure functions returning plain JSON. */

export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  msteams?: { width: 'Full' };
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Display names of people by the ids the core stores (AAD object ids); unknown ids read "a teammate". */
export type People = (id: string) => string;

export function card(body: Element[], actions: Element[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** Longest text we put in one element: Teams refuses messages over about 28 KB. */
const MAX_TEXT = 1000;

/** Cut to `max` characters, bidi and zero-width characters dropped: every TextRun and fact goes through here. */
export function cut(text: string, max = MAX_TEXT): string {
  const chars = Array.from(plainText(text));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Text a person or a playbook wrote, shown exactly as written: a TextRun is never read as Markdown, so "**", links
 * and "@channel" in a message format nothing and ping no one.
 */
export function quote(text: string, options: { italic?: boolean; subtle?: boolean; size?: string } = {}): Element {
  return {
    type: 'RichTextBlock',
    inlines: [
      {
        type: 'TextRun',
        text: cut(text),
        ...(options.italic ? { italic: true } : {}),
        ...(options.subtle ? { isSubtle: true } : {}),
        ...(options.size ? { size: options.size } : {}),
      },
    ],
  };
}

/** Our own fixed wording (no user text inside), which may use the Markdown subset Teams supports. */
export function heading(text: string, options: { size?: 'Medium' | 'Large'; color?: string } = {}): Element {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    weight: 'Bolder',
    size: options.size ?? 'Medium',
    ...(options.color ? { color: options.color } : {}),
  };
}

/** A line mixing our labels (bold) with user text (plain runs). */
export function line(parts: Array<string | { bold: string } | { subtle: string }>): Element {
  return {
    type: 'RichTextBlock',
    inlines: parts
      .filter((p) => (typeof p === 'string' ? p !== '' : true))
      .map((p) =>
        typeof p === 'string'
          ? { type: 'TextRun', text: cut(p) }
          : 'bold' in p
            ? { type: 'TextRun', text: cut(p.bold), weight: 'Bolder' }
            : { type: 'TextRun', text: cut(p.subtle), isSubtle: true },
      ),
  };
}

/** A FactSet: Teams renders its titles and values as Markdown, so both are escaped (our labels have none). */
export function facts(pairs: Array<[string, string]>): Element {
  return {
    type: 'FactSet',
    facts: pairs.map(([title, value]) => ({
      title: escapeTeamsMarkdown(cut(title, 100)),
      value: escapeTeamsMarkdown(cut(value)),
    })),
  };
}

/** Action.Execute: Teams sends an adaptiveCard/action invoke with this verb and data, and shows the card we answer. */
export function execute(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  style?: 'positive' | 'destructive',
): Element {
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

export function showCard(title: string, body: Element[], actions: Element[]): Element {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body, actions } };
}

export function clock(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
}
