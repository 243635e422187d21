import { DateTime } from 'luxon';
import { render, said } from '../../../conversation/catalogue';
import { PLAIN_STYLE, type Style } from '../../../conversation/style';
import type { HomeView } from '../../../views/home';
import { SEVERITY_LABEL } from '../../../views/recoveryCard';
import { type Action, type AdaptiveCard, card, type Element, execute, facts, heading, line, quote } from './elements';
import { PLAYBOOK_VERBS } from './playbookEditor';

/** Follow-ups listed (soonest first): a shift's worth, well inside a Teams message. */
const FOLLOW_UPS_SHOWN = 15;

/**
 * Slack's App Home as a Teams card (`home`): my open slips and follow-ups, and for managers the venue's week and a
 * way into the playbook editor. Built from the same HomeView.
 */
export function renderHome(
  home: HomeView,
  timezone: string,
  /** How the glance's sentence is written (with people's names looked up); no glance without it. */
  style?: Style,
): { text: string; card: AdaptiveCard } {
  const body: Element[] = [heading('Your open slips')];
  if (home.mySlips.length === 0) body.push(line(['Nothing open. Nice work. 🎉']));
  for (const slip of home.mySlips) {
    const guest = slip.guestRef ? ` · ${slip.guestRef}` : '';
    const next = slip.nextStep ? ` · next: ${slip.nextStep}` : '';
    body.push(
      line([{ bold: `#${slip.slipId} ${slip.categoryName}` }, `${guest} · ${SEVERITY_LABEL[slip.severity]}${next}`]),
      quote(`“${slip.quote}”`, { italic: true, subtle: true }),
    );
  }
  if (home.moreSlips > 0) body.push(quote(`+${home.moreSlips} more open slips (the most severe are shown).`));
  if (home.followUps.length > 0) {
    body.push(heading('Follow-ups due'));
    for (const f of home.followUps.slice(0, FOLLOW_UPS_SHOWN))
      body.push(
        line([
          { bold: DateTime.fromMillis(f.dueAt, { zone: timezone }).toFormat('ccc HH:mm') },
          ` · #${f.slipId} ${f.title}`,
        ]),
      );
  }
  const actions: Action[] = [];
  if (home.manager) {
    const { week, channels, playbook } = home.manager;
    const o = week.outcomes;
    body.push(
      heading('Manager view'),
      line([
        { bold: 'Watched channels: ' },
        channels.length > 0
          ? channels.map((c) => c.name ?? 'a channel').join(', ')
          : 'none yet: @mention me with "watch" in a shift channel',
      ]),
      // this week at a glance, from the insights counters (the catalogue's sentence)
      ...(home.manager.glance && style
        ? [
            heading('This week at a glance'),
            ...render(home.manager.glance, style)
              .split('\n')
              .map((l) => quote(l)),
          ]
        : []),
      line([{ bold: 'This week: ' }, `${week.total} slips`]),
      ...(week.byCategory.length > 0
        ? [facts(week.byCategory.slice(0, 12).map((c) => [c.name, String(c.count)] as [string, string]))]
        : []),
      quote(render(said('followUpsSummary', o), PLAIN_STYLE), { subtle: true }),
      line([
        { bold: 'Playbook: ' },
        `${playbook.venue} · version ${playbook.version} · ${playbook.categories} categories`,
      ]),
    );
    actions.push(execute('Edit the playbook', PLAYBOOK_VERBS.list, {}));
  }
  return { text: `Your open slips: ${home.mySlips.length + home.moreSlips}`, card: card(body, actions) };
}
