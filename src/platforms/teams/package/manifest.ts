import { MESSAGE_ACTION } from '../actionIds';

/** What the Teams app manifest needs from the deployment. */
export interface TeamsManifestOptions {
  /** The Azure bot registration's app id (a GUID): also the Teams app id. */
  appId: string;
  /** The public HTTPS base URL of the web role (its host goes in validDomains). */
  publicUrl: string;
  version: string;
  developerName?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Commands as Teams lists them in the compose box (the bot answers the same words typed by hand). */
const TEAM_COMMANDS = [
  { title: 'recover', description: 'Log a guest slip: recover T12 waited 40 min for mains' },
  { title: 'watch', description: 'Managers: watch this channel for guest slips' },
  { title: 'unwatch', description: 'Managers: stop watching this channel' },
  { title: 'shifts', description: 'Shift changes, e.g. shifts 06:00 14:00 22:00 America/Chicago' },
  { title: 'handoff', description: 'The shift handoff so far' },
  { title: 'ai', description: 'AI-tailored cards: ai, ai on, ai off (managers)' },
  { title: 'playbook', description: "Managers: edit the venue's playbook" },
  { title: 'home', description: 'Your open slips and follow-ups' },
  { title: 'insights', description: 'Managers: the figures, e.g. insights 30d #channel' },
  { title: 'help', description: 'What I can do' },
];
const PERSONAL_COMMANDS = [
  { title: 'recover', description: 'Log a guest slip: recover rm 405 no hot water' },
  { title: 'playbook', description: "Managers: edit the venue's playbook" },
  { title: 'home', description: 'Your open slips and follow-ups' },
  { title: 'insights', description: 'Managers: the figures, e.g. insights 30d' },
  { title: 'help', description: 'What I can do' },
];

/**
 * The Teams app manifest (schema 1.19). The bot is installed in teams, group chats and personal scope; the
 * resource-specific permission ChannelMessage.Read.Group lets it see channel posts without an @mention.
 */
export function teamsManifest(options: TeamsManifestOptions): Record<string, unknown> {
  if (!GUID.test(options.appId))
    throw new Error(`MICROSOFT_APP_ID must be the bot's app id (a GUID), not "${options.appId}"`);
  const url = new URL(options.publicUrl);
  if (url.protocol !== 'https:')
    throw new Error(`TEAMS_PUBLIC_URL must be https (Teams requires it): ${options.publicUrl}`);
  const base = url.origin;
  return {
    $schema: 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json',
    manifestVersion: '1.19',
    version: options.version,
    id: options.appId,
    developer: {
      name: (options.developerName ?? 'recovery-coach').slice(0, 32),
      websiteUrl: base,
      privacyUrl: `${base}/privacy`,
      termsOfUseUrl: `${base}/terms`,
    },
    name: { short: 'recovery-coach', full: 'recovery-coach: guest service recovery' },
    description: {
      short: 'Coaches your team through guest service recovery, from your playbook.',
      full:
        "recovery-coach watches your shift channels for guest slips (a wrong order, a long wait, a room that isn't ready) " +
        "and replies in the thread with a recovery card from your venue's own playbook: acknowledge, correct, connect. " +
        'It reminds the owner to follow up with the guest, pages a manager for safety and repeat slips, and posts a ' +
        'handoff summary at every shift change so nothing falls between shifts.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#2F7D6D',
    bots: [
      {
        botId: options.appId,
        scopes: ['team', 'personal', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          { scopes: ['team', 'groupChat'], commands: TEAM_COMMANDS },
          { scopes: ['personal'], commands: PERSONAL_COMMANDS },
        ],
      },
    ],
    composeExtensions: [
      {
        botId: options.appId,
        commands: [
          {
            id: MESSAGE_ACTION,
            type: 'action',
            title: 'Recover from this message',
            description: 'Log a guest slip from this post and reply with its recovery card',
            context: ['message'],
            fetchTask: true,
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [url.host],
    webApplicationInfo: { id: options.appId, resource: `api://${url.host}/${options.appId}` },
    authorization: {
      permissions: {
        resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }],
      },
    },
  };
}
