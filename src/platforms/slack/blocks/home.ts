import type { AnyBlock, HomeView as HomeTab, KnownBlock } from '@slack/types';
import { render, said } from '../../../conversation/catalogue';
import type { HomeView } from '../../../views/home';
import type { CardAction, RecoveryCardView } from '../../../views/recoveryCard';
import { SLACK_STYLE } from '../style';
import { ACTION_IDS, SEVERITY_BADGE } from './recoveryCard';
import { escapeMrkdwn, humanize, LIMITS, md, plain } from './text';

const SHORT_LABELS: Partial<Record<CardAction, string>> = {
  acknowledge: 'Acknowledged',
  correct: 'Corrected…',
  connect: 'Connected',
  followup: 'Follow-up…',
  close: 'Close',
};

/** The App Home tab. Stays under Slack's 100-block limit whatever the counts. */
export function renderHome(home: HomeView, extra: AnyBlock[] = []): HomeTab {
  const blocks: AnyBlock[] = [{ type: 'header', text: plain('Your open slips', LIMITS.headerText) }];
  if (home.mySlips.length === 0) blocks.push({ type: 'section', text: md('Nothing open. Nice work. :tada:') });
  for (const card of home.mySlips) blocks.push(...slipBlocks(card));
  if (home.moreSlips > 0)
    blocks.push({ type: 'context', elements: [md(`+${home.moreSlips} more open slips (the most severe are shown).`)] });
  if (home.followUps.length > 0) {
    blocks.push({ type: 'header', text: plain('Follow-ups due', LIMITS.headerText) });
    const lines = home.followUps
      .slice(0, 20)
      .map(
        (f) =>
          `• <!date^${Math.floor(f.dueAt / 1000)}^{date_short_pretty} {time}|soon> — #${f.slipId} ${escapeMrkdwn(f.title)}`,
      );
    blocks.push({ type: 'section', text: md(lines.join('\n')) });
  }
  if (home.manager) blocks.push(...managerBlocks(home.manager), ...extra);
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

function slipBlocks(card: RecoveryCardView): KnownBlock[] {
  const next = card.nextStep ? ` — next: *${card.nextStep}*` : '';
  const title = `*#${card.slipId} ${escapeMrkdwn(card.categoryName)}*${card.guestRef ? ` · ${escapeMrkdwn(card.guestRef)}` : ''} · ${SEVERITY_BADGE[card.severity]}${next}`;
  const actions = card.actions.filter((a) => SHORT_LABELS[a]);
  return [
    { type: 'section', text: md(title) },
    { type: 'context', elements: [plain(`“${humanize(card.quote)}”`, LIMITS.contextText)] },
    {
      type: 'actions',
      block_id: `rc_home_${card.slipId}`,
      elements: actions.map((a) => ({
        type: 'button',
        action_id: ACTION_IDS[a],
        value: card.slipId,
        text: plain(SHORT_LABELS[a]!, LIMITS.buttonText),
      })),
    },
  ];
}

function managerBlocks(manager: NonNullable<HomeView['manager']>): KnownBlock[] {
  const { week, channels, playbook } = manager;
  const channelText =
    channels.length > 0
      ? channels.map((c) => `<#${c.channel}>`).join(' ')
      : 'None yet. Run `/recover watch` in a shift channel.';
  const categories =
    week.byCategory
      .slice(0, 12)
      .map((c) => `${escapeMrkdwn(c.name)}: *${c.count}*`)
      .join(' · ') || 'No slips this week.';
  const o = week.outcomes;
  return [
    { type: 'divider' },
    { type: 'header', text: plain('Manager view', LIMITS.headerText) },
    { type: 'section', text: md(`*Watched channels:* ${channelText}`) },
    // this week at a glance, from the insights counters (the catalogue's sentence)
    ...(manager.glance
      ? [{ type: 'section', text: md(`*At a glance:* ${render(manager.glance, SLACK_STYLE)}`) } as KnownBlock]
      : []),
    { type: 'section', text: md(`*This week:* ${week.total} slips\n${categories}`) },
    {
      type: 'context',
      elements: [md(render(said('followUpsSummary', o), SLACK_STYLE))],
    },
    {
      type: 'section',
      text: md(
        `*Playbook:* ${escapeMrkdwn(playbook.venue)} · version ${playbook.version} · ${playbook.categories} categories`,
      ),
    },
  ];
}
