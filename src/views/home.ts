import { type Said, said } from '../conversation/catalogue';
import type { Insights } from '../insights/figures';
import type { Permissions } from '../playbook/permissions';
import type { Playbook } from '../playbook/schema';
import type { PlaybookStore } from '../playbook/store';
import type { ChannelStore, WatchedChannel } from '../slips/channels';
import { isOpen, type Slip } from '../slips/slip';
import type { SlipStore } from '../slips/store';
import { buildRecoveryCard, type RecoveryCardView } from './recoveryCard';

/** Counts for the manager's week: by category, and how recoveries turned out. */
export interface WeekStats {
  total: number;
  byCategory: Array<{ categoryId: string; name: string; count: number }>;
  outcomes: { recovered: number; notRecovered: number; unreachable: number; open: number; closed: number };
}

/** The App Home tab (and Teams' equivalent): my open slips and follow-ups; managers also get the venue view. */
export interface HomeView {
  user: string;
  mySlips: RecoveryCardView[];
  /** My slips with a follow-up scheduled, soonest first. */
  followUps: Array<{ slipId: string; title: string; dueAt: number }>;
  /** How many open slips were left out to stay within limits. */
  moreSlips: number;
  manager?: {
    channels: WatchedChannel[];
    week: WeekStats;
    playbook: { version: number; categories: number; venue: string };
    /**
     * This week at a glance from the insights counters (slips, recovery rate, median time to acknowledge and
     * correct, comps, best gesture, kudos): the catalogue's sentence, undefined when insights are not set up.
     */
    glance?: Said;
    /** The people the glance names (kudos), for surfaces that look names up. */
    glancePeople?: string[];
  };
}

export const HOME_SLIP_LIMIT = 12;

const WEEK_MS = 7 * 24 * 60 * 60_000;

/** What a home view is read from (every platform's deps have these). */
export interface HomeSources {
  slips: Pick<SlipStore, 'list'>;
  playbooks: Pick<PlaybookStore, 'current'>;
  permissions: Pick<Permissions, 'isManager'>;
  channels: Pick<ChannelStore, 'list'>;
  /** The insights figures (the core's InsightsService), for the manager's week at a glance. */
  insights?: { report(tenant: string, days: number, now?: number): Promise<Insights> };
}

/** Reads and builds a person's home: their open slips and follow-ups, and for managers the venue's week. */
export async function loadHome(
  sources: HomeSources,
  tenant: string,
  user: string,
  now: number,
): Promise<{ home: HomeView; isManager: boolean; timezone: string }> {
  const [mine, book, isManager] = await Promise.all([
    sources.slips.list(tenant, { owner: user }),
    sources.playbooks.current(tenant),
    sources.permissions.isManager(tenant, user),
  ]);
  const manager = isManager
    ? {
        channels: await sources.channels.list(tenant),
        weekSlips: await sources.slips.list(tenant, { since: now - WEEK_MS }),
        playbookVersion: book.version,
      }
    : undefined;
  // the glance is a bonus: a home whose counters cannot be read still shows everything else
  const glance =
    isManager && sources.insights ? await sources.insights.report(tenant, 7, now).catch(() => undefined) : undefined;
  const built = {
    // a private slip is on managers' App Home only; its reporter has its card by DM
    home: buildHome({
      user,
      mySlips: isManager ? mine : mine.filter((s) => !s.private),
      playbook: book.playbook,
      manager,
    }),
    isManager,
    timezone: book.playbook.venue.timezone,
  };
  if (built.home.manager && glance) {
    built.home.manager.glance = said('insightsGlance', { insights: glance });
    built.home.manager.glancePeople = glance.kudos.slice(0, 3).map((k) => k.person);
  }
  return built;
}

export function buildHome(input: {
  user: string;
  mySlips: Slip[];
  playbook: Playbook;
  manager?: { channels: WatchedChannel[]; weekSlips: Slip[]; playbookVersion: number };
}): HomeView {
  const open = input.mySlips
    .filter(isOpen)
    .sort((a, b) => severityOrder(b) - severityOrder(a) || a.createdAt - b.createdAt);
  const shown = open.slice(0, HOME_SLIP_LIMIT);
  return {
    user: input.user,
    mySlips: shown.map((slip) => buildRecoveryCard(slip, input.playbook.venue, input.playbook.categories)),
    followUps: open
      .filter((s) => s.followUp?.status === 'scheduled')
      .sort((a, b) => a.followUp!.dueAt - b.followUp!.dueAt)
      .map((s) => ({
        slipId: s.id,
        title: `${s.advice.categoryName}${s.guestRef ? ` · ${s.guestRef.text}` : ''}`,
        dueAt: s.followUp!.dueAt,
      })),
    moreSlips: open.length - shown.length,
    manager: input.manager
      ? {
          channels: input.manager.channels,
          week: weekStats(input.manager.weekSlips, input.playbook),
          playbook: {
            version: input.manager.playbookVersion,
            categories: input.playbook.categories.filter((c) => !c.retired).length,
            venue: input.playbook.venue.name,
          },
        }
      : undefined,
  };
}

export function weekStats(slips: Slip[], playbook: Playbook): WeekStats {
  const counts = new Map<string, number>();
  const outcomes = { recovered: 0, notRecovered: 0, unreachable: 0, open: 0, closed: 0 };
  for (const slip of slips) {
    counts.set(slip.categoryId, (counts.get(slip.categoryId) ?? 0) + 1);
    if (isOpen(slip)) outcomes.open++;
    else outcomes.closed++;
    const outcome = slip.followUp?.outcome;
    if (outcome === 'recovered') outcomes.recovered++;
    else if (outcome === 'not_recovered') outcomes.notRecovered++;
    else if (outcome === 'unreachable') outcomes.unreachable++;
  }
  const name = (id: string) => playbook.categories.find((c) => c.id === id)?.name ?? id;
  return {
    total: slips.length,
    byCategory: [...counts.entries()]
      .map(([categoryId, count]) => ({ categoryId, name: name(categoryId), count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    outcomes,
  };
}

function severityOrder(slip: Slip): number {
  return ['low', 'medium', 'high', 'critical'].indexOf(slip.severity);
}
