import { stripInvisible } from '../coach/redact';

/**
 * One set of escapers for every surface a person's, the playbook's or a model's words land on. Each first drops
 * bidi overrides and zero-width characters (so a card cannot be made to read backwards or hide a mention), then
 * escapes what that surface would otherwise read as markup. Renderers use these and nothing else for such text.
 */

/**
 * Slack mrkdwn, and a message's top-level `text` (which Slack also reads as mrkdwn and shows in notifications):
 * & < > as entities, which disables `<!channel>`, `<@U…>`, `<#C…>` and `<https://…|label>` links.
 */
export function escapeMrkdwn(text: string): string {
  return plainText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Adaptive Card TextBlock and FactSet text, which Teams renders as Markdown: emphasis, code and link characters are
 * backslash-escaped anywhere, list and heading markers at the start of a line, so `[Guest portal](https://…)`,
 * `**` and "- item" show as typed while "Follow-up" and "e.g." stay readable.
 */
export function escapeTeamsMarkdown(text: string): string {
  return plainText(text)
    .replace(/[\\`*_~[\]()<>]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([#>+-]|\d+\.)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** Plain text surfaces (Block Kit plain_text, an Adaptive Card TextRun, a terminal): only the invisible controls go. */
export function plainText(text: string): string {
  // a terminal also obeys escape sequences: ESC and the other C0/C1 controls (not tab or newline) are dropped
  return stripInvisible(text).replace(/(?![\t\n])\p{Cc}/gu, '');
}
