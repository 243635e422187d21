import type { Style } from '../../conversation/style';
import { escapeMrkdwn } from './blocks/text';

/** The conversation's words in Slack mrkdwn: people's words escaped, commands as `/recover …`. */
export const SLACK_STYLE: Style = {
  text: escapeMrkdwn,
  strong: (words) => `*${words}*`,
  code: (words) => `\`${words}\``,
  person: (id) => `<@${id}>`,
  command: (words) => `/recover ${words}`,
  report: (words) => `/recover ${words}`,
  home: 'my *Home* tab (open recovery-coach under Apps in the sidebar, then Home)',
  joinHint: "If I'm not a member yet, add me with `/invite @recovery-coach`.",
};
