import { escapeTeamsMarkdown, plainText } from '../../views/escape';
import type { TeamsActivity } from './activity';

/** What the bot says when asked for help (personal chat, a new install, an empty @mention). */
export const TEAMS_HELP = [
  "I'm recovery-coach: I help you recover a guest after a slip (acknowledge, correct, connect).",
  '• Post what happened in a watched channel ("T12 got the wrong steak, guest annoyed") and I reply in the thread with a recovery card.',
  '• recover <what happened>: log a slip yourself (here, or @mention me in a channel).',
  '• watch / unwatch: managers, in a channel (@mention me): start or stop watching it.',
  '• shifts 06:00 14:00 22:00 America/Chicago: managers: shift changes; a handoff is posted at each. "shifts" shows them.',
  '• handoff: the handoff for the shift so far.',
  '• home: your open slips and follow-ups (managers: the week and the playbook too).',
  '• ai: whether cards are tailored by an AI model here; managers: ai on / ai off.',
  '• role @person lead|manager|staff: managers: who may give which gestures.',
  "• playbook: managers: edit the venue's playbook, one category at a time.",
].join('\n');

/**
 * "<at>Dave</at> here's a recovery card": the card is addressed to the person who reported the slip. The message is
 * Teams Markdown, so their display name (which they chose) is made one plain line without tags (no `<at>` of its own:
 * the only mention is ours, for them) and Markdown-escaped (no bold, links or headings).
 */
export function addressed(activity: TeamsActivity, words = 'here is a recovery card for this one.') {
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
