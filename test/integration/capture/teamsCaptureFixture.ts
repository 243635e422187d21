import type { Playbook } from '../../../src/playbook/schema';
import type { Slip } from '../../../src/slips/slip';
import {
  CHANNEL,
  MANAGER_AAD,
  type Person,
  startTeamsTestApp,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../../helpers/teamsApp';

/** Shared people and setup for the Teams capture tests. */

/** A second manager. */
export const MANAGER2: Person = {
  id: '29:manager-lee',
  name: 'Lee Chen',
  aadObjectId: '00000000-0000-0000-0000-0000000000e2',
};

/** A shift lead (comp limit 60). */
export const LEAD: Person = { id: '29:lead-sam', name: 'Sam Ode', aadObjectId: '00000000-0000-0000-0000-0000000000e3' };

export const MEAL = "Comp the table's meal";

/** The person's 1:1 chat with the bot. */
export const chat = (person: Person) => `a:personal-${person.id}`;

/** The value a card's Action.Execute of this verb carries under `key`. */
export function dataOf(card: unknown, verb: string, key: string): string | undefined {
  const found = JSON.stringify(card).match(
    new RegExp(`"verb":"${verb.replace(/\./g, '\\.')}","data":\\{[^}]*"${key}":"([^"]+)"`),
  );
  return found?.[1];
}

/** The Teams test app, started with these arguments and watching the channel. */
export async function startWatchedTeamsApp(...args: Parameters<typeof startTeamsTestApp>): Promise<TeamsTestApp> {
  const app = await startTeamsTestApp(...args);
  await app.watch();
  return app;
}

/** The manager gives `person` this role. */
export async function grantRole(app: TeamsTestApp, person: Person, role: 'manager' | 'shift_lead'): Promise<void> {
  await app.web.core.permissions.grant(TEAMS_TENANT, MANAGER_AAD, person.aadObjectId, role);
}

/** Each has talked to the bot once, so it can reach them in their 1:1 chat. */
export async function greet(app: TeamsTestApp, people: Person[]): Promise<void> {
  for (const person of people) await app.personal('help', person);
}

/** Saves the playbook as `change` leaves a copy of the current one, by the manager. */
export async function setPlaybook(
  app: TeamsTestApp,
  change: (playbook: Playbook) => void,
  summary: string,
): Promise<void> {
  const current = await app.web.core.playbooks.current(TEAMS_TENANT);
  const playbook: Playbook = structuredClone(current.playbook);
  change(playbook);
  await app.web.core.playbooks.save(TEAMS_TENANT, playbook, {
    expectedVersion: current.version,
    author: MANAGER_AAD,
    summary,
  });
}

/** Makes the rude_staff category private. */
export function rudeStaffPrivate(playbook: Playbook): void {
  playbook.categories = playbook.categories.map((c) => (c.id === 'rude_staff' ? { ...c, private: true } : c));
}

/** `text` posted in the channel, once the app is done with it: the slip it made. */
export async function postedSlip(app: TeamsTestApp, text: string): Promise<Slip> {
  const { id } = await app.channelPost(text);
  await app.quiet();
  return (await app.web.core.slips.findByMessage(TEAMS_TENANT, CHANNEL, id))!;
}

/** `from` presses the card button `verb` in `conversationId` (the slip's card in the channel unless told). */
export function pressAs(
  app: TeamsTestApp,
  verb: string,
  data: Record<string, unknown>,
  from: Person,
  conversationId = `${CHANNEL};messageid=root`,
) {
  return app.execute(verb, data, { from, conversationId });
}
