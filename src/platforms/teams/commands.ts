import { describeSchedule } from '../../handoff/schedule';
import { resolveRoleWord } from '../../playbook/permissions';
import { modelCommand } from '../../slips/modelCommand';
import { parseRecoverCommand } from '../../slips/recoverCommand';
import { loadHome } from '../../views/home';
import { channelOf, mentionedPeople, personOf, threadRootOf } from './activity';
import { cardActivity, cardMessage, tailorLater } from './cards';
import { renderHandoff } from './cards/handoff';
import { renderHome } from './cards/home';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { peopleFor } from './people';
import { playbookMenu } from './playbookEditor';
import { addressed, TEAMS_HELP } from './replies';

const COMMAND_WORDS = new Set(['help', '?', 'watch', 'unwatch', 'role', 'shifts', 'handoff', 'ai', 'playbook', 'home']);

/**
 * A message to the bot: in a personal chat, or an @mention in a channel. `recover <what happened>` logs a slip;
 * watch, unwatch, shifts, handoff, role and help do what `/recover …` does in Slack. Anything else is logged when
 * the detector reads a slip in it; otherwise ("@recovery-coach 1", "thanks") the answer is a hint, never a slip.
 */
export async function runCommand(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  text: string,
): Promise<InvokeResult | undefined> {
  const first = text.split(/\s+/)[0]?.toLowerCase() ?? '';
  const explicit = first === 'recover' || first === '/recover';
  const rest = explicit ? text.slice(first.length).trim() : text;
  if (!explicit && !COMMAND_WORDS.has(first)) return report(deps, turn, tenant, text, { force: false });
  const command = parseRecoverCommand(rest);
  switch (command.kind) {
    case 'open_form':
    case 'help':
      await say(turn, TEAMS_HELP);
      return undefined;
    case 'unknown':
      await say(
        turn,
        `I don't know "${command.word}". To log a slip, describe it: recover T12 waited 40 min for mains. "help" lists everything.`,
      );
      return undefined;
    case 'report':
      return report(deps, turn, tenant, command.text, { force: true });
    case 'watch':
    case 'unwatch':
      return watch(deps, turn, tenant, command.kind);
    case 'role':
      return role(deps, turn, tenant, rest);
    case 'model':
      await say(turn, await modelCommand(deps, tenant, personOf(turn.activity.from), command.setting));
      return undefined;
    case 'shifts':
      return shifts(deps, turn, tenant, command.args);
    case 'handoff':
      return handoffPreview(deps, turn, tenant);
    case 'playbook':
      return playbookMenu(deps, turn, tenant, personOf(turn.activity.from));
    case 'home':
      return home(deps, turn, tenant);
  }
}

const say = (turn: Turn, words: string) => turn.send({ type: 'message', text: words, textFormat: 'plain' });

/** `watch` / `unwatch` (managers, in a channel). */
async function watch(deps: TeamsDeps, turn: Turn, tenant: string, kind: 'watch' | 'unwatch'): Promise<undefined> {
  const channel = channelOf(turn.activity);
  if (!channel) return void (await say(turn, 'Do this in the shift channel: @mention me there with "watch".'));
  await deps.permissions.require(tenant, personOf(turn.activity.from), 'manager', `${kind} channels`);
  if (kind === 'unwatch') {
    const was = await deps.channels.unwatch(tenant, channel);
    await say(turn, was ? "I've stopped watching this channel for guest slips." : "I wasn't watching this channel.");
    return undefined;
  }
  await deps.channels.watch({
    tenant,
    channel,
    name: turn.activity.channelData?.channel?.name,
    by: personOf(turn.activity.from),
    at: deps.clock(),
  });
  await say(
    turn,
    "I'm watching this channel for guest slips now. When someone posts one, I'll reply in the thread with a recovery card.",
  );
  return undefined;
}

/** `shifts` shows the channel's shift changes; `shifts 06:00 14:00 22:00 <zone>` (managers) sets them; `shifts off`. */
async function shifts(deps: TeamsDeps, turn: Turn, tenant: string, args: string): Promise<undefined> {
  const channel = channelOf(turn.activity);
  if (!channel) return void (await say(turn, 'Shift times belong to a channel: @mention me there with "shifts".'));
  const word = args.trim().toLowerCase();
  if (word === '') {
    const schedule = await deps.handoffs.getSchedule(tenant, channel);
    await say(
      turn,
      schedule
        ? `${describeSchedule(schedule)} The handoff is posted here at each change.`
        : 'No shift times set for this channel. A manager can say: shifts 06:00 14:00 22:00 America/Chicago',
    );
    return undefined;
  }
  const user = personOf(turn.activity.from);
  await deps.permissions.require(tenant, user, 'manager', 'set shift times');
  if (word === 'off' || word === 'none') {
    const removed = await deps.handoffs.removeSchedule(tenant, channel);
    await say(turn, removed ? 'Shift handoffs are off for this channel.' : 'This channel had no shift times.');
    return undefined;
  }
  const schedule = await deps.handoffs.setSchedule({ tenant, channel, args, by: user });
  await say(turn, `${describeSchedule(schedule)} I'll post a handoff here at each change.`);
  return undefined;
}

/** `home`: Slack's App Home as a card: my open slips and follow-ups; managers also get the venue's week. */
async function home(deps: TeamsDeps, turn: Turn, tenant: string): Promise<undefined> {
  const { home: view, timezone } = await loadHome(deps, tenant, personOf(turn.activity.from), deps.clock());
  const rendered = renderHome(view, timezone);
  await turn.send(cardMessage(rendered));
  return undefined;
}

/** `handoff`: the shift so far, with "Post now". */
async function handoffPreview(deps: TeamsDeps, turn: Turn, tenant: string): Promise<undefined> {
  const channel = channelOf(turn.activity);
  if (!channel) return void (await say(turn, 'Ask me in the shift channel: @mention me there with "handoff".'));
  const view = await deps.handoffs.preview(tenant, channel);
  const people = await peopleFor(deps.refs, tenant, [
    ...view.carryOvers.map((c) => c.owner),
    ...view.happened.map((h) => h.handledBy),
    ...view.kudos.map((k) => k.user),
  ]);
  const rendered = renderHandoff(view, people);
  if (!rendered) return void (await say(turn, 'No guest issues logged this shift so far.'));
  await turn.send(cardMessage(rendered));
  return undefined;
}

/** Logs a slip from a message to the bot and replies with its card. */
async function report(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  text: string,
  options: { force: boolean },
): Promise<undefined> {
  const activity = turn.activity;
  if (!text.trim()) {
    await turn.send({ type: 'message', text: TEAMS_HELP, textFormat: 'plain' });
    return undefined;
  }
  const channel = channelOf(activity) ?? activity.conversation.id;
  const root = threadRootOf(activity) ?? activity.id ?? `teams-${deps.clock()}`;
  const result = await deps.service.report(
    {
      tenant,
      platform: 'teams',
      channel,
      messageRef: activity.id ?? root,
      threadRef: root,
      user: personOf(activity.from),
      text,
    },
    { force: options.force },
  );
  if (result.kind !== 'reported') {
    await turn.send({
      type: 'message',
      textFormat: 'plain',
      text: "That doesn't read like a guest slip to me. To log one anyway, start with recover: recover T12 waited 40 min for mains. Say help for more.",
    });
    return undefined;
  }
  if (!result.created && result.slip.cardRef) return undefined;
  const posted = await turn.send(await cardActivity(deps, result.slip, addressed(activity)));
  if (posted) tailorLater(deps, await deps.service.attachCard(tenant, result.slip.id, posted, root));
  return undefined;
}

/** `role @person lead`: the person is the one @mentioned (Teams gives their Teams id; the core stores Entra ids). */
async function role(deps: TeamsDeps, turn: Turn, tenant: string, text: string): Promise<undefined> {
  const [person] = mentionedPeople(turn.activity);
  if (!person) return void (await say(turn, 'Name the person with an @mention: role @Alex lead'));
  // the role is what is left once the command word and the person's (possibly multi-word) name are taken out
  const left =
    text
      .replace(/^role\b/i, '')
      .split(`@${person.name ?? ''}`)
      .join(' ')
      .trim()
      .split(/\s+/)[0] ?? '';
  const word = left === '' || /^(staff|none|revoke|default)$/i.test(left) ? undefined : left.toLowerCase();
  const member = person.aadObjectId ? { aadObjectId: person.aadObjectId } : await turn.member(person.id);
  const target = member?.aadObjectId ?? person.id;
  await deps.refs.savePerson(tenant, target, { teamsId: person.id, name: person.name ?? '' });
  const { playbook } = await deps.playbooks.current(tenant);
  const granted = await deps.permissions.grant(
    tenant,
    personOf(turn.activity.from),
    target,
    resolveRoleWord(playbook, word),
  );
  await say(
    turn,
    granted
      ? `${person.name ?? 'They'} is now ${granted.name}: tier ${granted.tier}, comps up to ${playbook.venue.currency} ${granted.compLimit}.`
      : `${person.name ?? 'They'} is back to the everyday role.`,
  );
  return undefined;
}
