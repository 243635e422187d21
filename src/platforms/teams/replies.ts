import { SAY } from '../../conversation/catalogue';
import { escapeTeamsMarkdown, plainText } from '../../views/escape';
import type { TeamsActivity } from './activity';

/** An @mention as Teams wants it declared: `text` appears as is in the message's (Markdown) text. */
export type TeamsMention = {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
};

/**
 * "<at>Dave</at> here's a recovery card": the card is addressed to the person who reported the slip. The message is
 * Teams Markdown, so their display name goes through `mentionOf`.
 */
export function addressed(activity: TeamsActivity, words = SAY.cardFor()) {
  const mention = mentionOf({ id: activity.from.id, name: activity.from.name }, 'there');
  return {
    type: 'message' as const,
    text: `${mention.text} ${words}`,
    entities: [mention],
  };
}

/**
 * A person @mentioned in a Teams Markdown message, by their Teams id ("29:…"). Their display name (which they chose)
 * is made one plain line without tags (no `<at>` of its own: the only mention is ours) and Markdown-escaped inside
 * the `<at>` (no bold, links or headings); `fallback` stands in for an empty one.
 */
export function mentionOf(person: { id: string; name?: string }, fallback: string): TeamsMention {
  const name = teamsDisplayName(person.name, fallback);
  return { type: 'mention', text: `<at>${escapeTeamsMarkdown(name)}</at>`, mentioned: { id: person.id, name } };
}

/** A display name as one plain line: invisible and bidi characters, tags and stray brackets gone. */
export function teamsDisplayName(raw: string | undefined, fallback: string): string {
  const name = plainText(raw ?? '')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return name || fallback;
}
