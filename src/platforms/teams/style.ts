import { plainStyle, type Style } from '../../conversation/style';
import { escapeTeamsMarkdown } from '../../views/escape';
import { teamsDisplayName } from './replies';

/**
 * The conversation's words in a Teams text message (sent with textFormat plain, so nothing a person wrote can
 * format): commands as you type them to the bot, "recover …" to log a slip, people by the name Teams gave us.
 */
export function teamsStyle(names: (id: string) => string | undefined): Style {
  return plainStyle({
    command: (words) => words,
    report: (words) => `recover ${words}`,
    person: (id) => names(id) ?? 'a manager',
    home: 'your home card (say home)',
  });
}

/**
 * The conversation's words in a Teams Markdown message that @mentions people (a comp request in the slip's thread):
 * a person's words Markdown-escaped, the people in `mentions` (core id → its `<at>…</at>`) as their mention, anyone
 * else by name as one escaped plain line. The mentions must also be declared as the message's entities.
 */
export function teamsMentionStyle(plain: Style, mentions: ReadonlyMap<string, string>): Style {
  return {
    ...plain,
    text: (words) => escapeTeamsMarkdown(words),
    strong: (words) => `**${words}**`,
    person: (id) => mentions.get(id) ?? escapeTeamsMarkdown(teamsDisplayName(plain.person(id), 'a manager')),
  };
}
