import { SAY } from '../../conversation/catalogue';
import { escapeTeamsMarkdown, plainText } from '../../views/escape';
import type { TeamsActivity } from './activity';

/**
 * "<at>Dave</at> here's a recovery card": the card is addressed to the person who reported the slip. The message is
 * Teams Markdown, so their display name (which they chose) is made one plain line without tags (no `<at>` of its own:
 * the only mention is ours, for them) and Markdown-escaped (no bold, links or headings).
 */
export function addressed(activity: TeamsActivity, words = SAY.cardFor()) {
  const name = displayName(activity.from.name);
  const mention = `<at>${escapeTeamsMarkdown(name)}</at>`;
  return {
    type: 'message' as const,
    text: `${mention} ${words}`,
    entities: [{ type: 'mention', text: mention, mentioned: { id: activity.from.id, name } }],
  };
}

/** A display name as one plain line: invisible and bidi characters, tags and stray brackets gone. */
function displayName(raw: string | undefined): string {
  const name = plainText(raw ?? '')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return name || 'there';
}
