import { DateTime } from 'luxon';
import { escapeTeamsMarkdown, plainText } from '../../../views/escape';

/**
 * Adaptive Card building blocks (schema 1.5, what Teams renders). Pure functions returning plain JSON, typed as a
 * discriminated union of the elements and actions we use (and only the properties we set), so a misspelt property or
 * a value Teams does not know is a type error.
 */

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type FontSize = 'Default' | 'Small' | 'Medium' | 'Large' | 'ExtraLarge';
type FontWeight = 'Default' | 'Lighter' | 'Bolder';
export type Color = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** What every element may carry: its gap to the one above, and a line between them. */
interface Placed {
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextBlock extends Placed {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: FontWeight;
  size?: FontSize;
  color?: Color;
  isSubtle?: boolean;
}

/** A run of text in a RichTextBlock: never read as Markdown. */
export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: FontWeight;
  size?: FontSize;
  color?: Color;
  italic?: boolean;
  isSubtle?: boolean;
}

export interface RichTextBlock extends Placed {
  type: 'RichTextBlock';
  inlines: TextRun[];
}

export interface FactSet extends Placed {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}

export interface Column {
  type: 'Column';
  width?: 'auto' | 'stretch' | number | `${number}px`;
  items: Element[];
}

export interface ColumnSet extends Placed {
  type: 'ColumnSet';
  columns: Column[];
}

export interface Container extends Placed {
  type: 'Container';
  items: Element[];
}

export interface ActionSet extends Placed {
  type: 'ActionSet';
  actions: Action[];
}

/** What every input has: the id its value is submitted under, a label, and the message when it is missing. */
interface Input extends Placed {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends Input {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export interface ChoiceSetInput extends Input {
  type: 'Input.ChoiceSet';
  choices: Array<{ title: string; value: string }>;
  value?: string;
  style?: 'compact' | 'expanded' | 'filtered';
  placeholder?: string;
}

export interface NumberInput extends Input {
  type: 'Input.Number';
  value?: number;
  min?: number;
  max?: number;
}

/** A day: value, min and max as yyyy-MM-dd. */
export interface DateInput extends Input {
  type: 'Input.Date';
  value?: string;
}

/** A time of day: value, min and max as HH:mm. */
export interface TimeInput extends Input {
  type: 'Input.Time';
  value?: string;
}

/** A tick box: `value` is valueOn when ticked ("true" unless set), valueOff otherwise. */
export interface ToggleInput extends Input {
  type: 'Input.Toggle';
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
}

/** The card elements we draw (a card's body, a column's or a container's items). */
/** An image; the digest's chart is a data URI (a PNG made on the server), so nothing is fetched from elsewhere. */
export interface Image extends Placed {
  type: 'Image';
  url: string;
  altText: string;
  size?: 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';
}

export type Element =
  | TextBlock
  | Image
  | RichTextBlock
  | FactSet
  | ColumnSet
  | Container
  | ActionSet
  | TextInput
  | ChoiceSetInput
  | NumberInput
  | DateInput
  | TimeInput
  | ToggleInput;

type ActionStyle = 'default' | 'positive' | 'destructive';

/** What an Action.Execute sends back beside the inputs' values (the invoke handlers read it). */
export type ActionData = Record<string, string | number | boolean>;

/** Teams sends an adaptiveCard/action invoke with this verb and data, and shows the card we answer with. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: ActionData;
  style?: ActionStyle;
}

/** A form that opens inside the card. */
export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: Element[]; actions: Action[] };
}

/** A dialog's submit button (it becomes composeExtension/submitAction). */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  style?: ActionStyle;
  data?: ActionData;
}

export type Action = ExecuteAction | ShowCardAction | SubmitAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Action[];
  msteams?: { width: 'Full' };
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Display names of people by the ids the core stores (AAD object ids); unknown ids read "a teammate". */
export type People = (id: string) => string;

export function card(body: Element[], actions: Action[] = []): AdaptiveCard {
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
export function quote(
  text: string,
  options: { italic?: boolean; subtle?: boolean; size?: FontSize } = {},
): RichTextBlock {
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
export function heading(text: string, options: { size?: 'Medium' | 'Large'; color?: Color } = {}): TextBlock {
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
export function line(parts: Array<string | { bold: string } | { subtle: string }>): RichTextBlock {
  return {
    type: 'RichTextBlock',
    inlines: parts
      .filter((p) => (typeof p === 'string' ? p !== '' : true))
      .map(
        (p): TextRun =>
          typeof p === 'string'
            ? { type: 'TextRun', text: cut(p) }
            : 'bold' in p
              ? { type: 'TextRun', text: cut(p.bold), weight: 'Bolder' }
              : { type: 'TextRun', text: cut(p.subtle), isSubtle: true },
      ),
  };
}

/** A FactSet: Teams renders its titles and values as Markdown, so both are escaped (our labels have none). */
export function facts(pairs: Array<[string, string]>): FactSet {
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
  data: ActionData,
  style?: 'positive' | 'destructive',
): ExecuteAction {
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

export function showCard(title: string, body: Element[], actions: Action[]): ShowCardAction {
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body, actions } };
}

export function clock(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
}
