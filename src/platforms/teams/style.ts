import { plainStyle, type Style } from '../../conversation/style';

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
