import type { People } from './cards/elements';
import type { TeamsReferenceStore } from './references';

/** Display names for the people a card mentions, looked up in one read; unknown ids read "a teammate". */
export async function peopleFor(
  refs: TeamsReferenceStore,
  tenant: string,
  ids: Array<string | undefined>,
): Promise<People> {
  const known = await refs
    .people(
      tenant,
      ids.filter((id): id is string => Boolean(id)),
    )
    .catch(() => new Map());
  return (id) => known.get(id)?.name || (id === 'recovery-coach' ? 'recovery-coach' : 'a teammate');
}
