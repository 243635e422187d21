/**
 * How a surface writes the few kinds of words the catalogue uses. Each platform gives one: Slack mrkdwn, Teams
 * plain text, the terminal. `text` escapes what a person or the playbook wrote; the others are the bot's own marks.
 */
export interface Style {
  /** Words from a person, the playbook or a model: escaped for the surface. */
  text(words: string): string;
  strong(words: string): string;
  /** Something to type, e.g. a command. */
  code(words: string): string;
  /** A person by the id the core stores. */
  person(id: string): string;
  /** How a person types one of the bot's commands here: `/recover watch` (Slack), `watch` (Teams), `/shifts`. */
  command(words: string): string;
  /** How a person logs a slip by hand here: `/recover T12 …` (Slack, the shell), `recover T12 …` (Teams). */
  report(words: string): string;
  /** Where this surface keeps a person's own slips and the manager tools ("my Home tab", "home"). */
  readonly home: string;
  /** What to add when the bot starts watching a channel it may not be in yet (Slack: how to invite it). */
  readonly joinHint?: string;
}

/** Plain words: Teams text messages (sent with textFormat plain) and the terminal. */
export function plainStyle(options: {
  command: (words: string) => string;
  report: (words: string) => string;
  person?: (id: string) => string;
  home: string;
}): Style {
  return {
    text: (words) => words,
    strong: (words) => words,
    code: (words) => words,
    person: options.person ?? (() => 'a manager'),
    command: options.command,
    report: options.report,
    home: options.home,
  };
}

/** Plain words for no surface in particular (an error a core use case raises, a log line). */
export const PLAIN_STYLE: Style = plainStyle({
  command: (words) => words,
  report: (words) => `recover ${words}`,
  home: 'home',
});
