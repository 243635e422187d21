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
  return {
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
