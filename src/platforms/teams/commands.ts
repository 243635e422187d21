import { render, said } from '../../conversation/catalogue';
import { parseMessageToBot } from '../../conversation/commands';
import type { Asked, Conversation, RoleTarget } from '../../conversation/conversation';
import type { HandoffView } from '../../views/handoff';
import { loadHome } from '../../views/home';
import { channelOf, mentionedPeople, personOf, threadRootOf } from './activity';
import { cardActivity, cardMessage, cardPosted } from './cards';
import { renderHandoff } from './cards/handoff';
import { renderHome } from './cards/home';
import type { InvokeResult, Turn } from './connector';
import type { TeamsDeps } from './deps';
import { peopleFor } from './people';
import { playbookMenu } from './playbookEditor';
import { deliverPrivately } from './privateSlips';
import { addressed } from './replies';
import { teamsStyle } from './style';

/**
 * A message to the bot: in a personal chat, or an @mention in a channel, answered by the conversation layer and
 * rendered for Teams. `role @person lead` finds the person here (an @mention, by their Entra id); the rest is the
 * same conversation as Slack's `/recover` and the shell.
 */
export async function runCommand(
  deps: TeamsDeps,
  conversation: Conversation,
  turn: Turn,
  tenant: string,
  text: string,
): Promise<InvokeResult | undefined> {
  const activity = turn.activity;
  const channel = channelOf(activity);
  const root = threadRootOf(activity) ?? activity.id ?? `teams-${deps.clock()}`;
  const user = personOf(activity.from);
  const asked: Asked = {
    tenant,
    platform: 'teams',
    user,
    channel: channel ? { id: channel, name: activity.channelData?.channel?.name } : undefined,
    messageRef: activity.id ?? root,
    threadRef: root,
  };
  let parsed = parseMessageToBot(text);
  let role: RoleTarget;
  if (parsed.kind === 'command' && parsed.command.kind === 'role') {
    const found = await roleTarget(deps, turn, tenant, text);
    role = found?.target;
    parsed = { kind: 'command', command: { kind: 'role', user: role?.id ?? '', role: found?.word } };
  }
  const reply = await conversation.answerMessage(parsed, asked, { role });
  const style = teamsStyle((id) => (id === user ? activity.from.name : undefined));
  switch (reply.kind) {
    case 'say':
      await say(turn, render(reply.said, style));
      return undefined;
    case 'home':
      return home(deps, turn, tenant);
    case 'playbook':
      return playbookMenu(deps, turn, tenant, user);
    case 'insights':
      await say(turn, render(said('insightsReport', { insights: reply.insights }), style));
      return undefined;
    case 'handoff':
      return handoffCard(deps, turn, tenant, reply.view);
    case 'card': {
      if (!reply.created && reply.slip.cardRef) return undefined;
      // in a channel the thread gets at most the notice; in the person's own chat the card itself arrives there
      if (reply.slip.private)
        return void (await deliverPrivately(deps, reply.slip, channel ? (a) => turn.send(a) : undefined));
      const posted = await turn.send(await cardActivity(deps, reply.slip, addressed(activity)));
      await cardPosted(deps, reply.slip, posted, root);
      return undefined;
    }
    case 'form':
    case 'preview':
      // a chat has no form and no preview: "recover" alone is answered with help, "recover …" logs at once
      return undefined;
  }
}

const say = (turn: Turn, words: string) => turn.send({ type: 'message', text: words, textFormat: 'plain' });

/** `home`: Slack's App Home as a card: my open slips and follow-ups; managers also get the venue's week. */
async function home(deps: TeamsDeps, turn: Turn, tenant: string): Promise<undefined> {
  const { home: view, timezone } = await loadHome(deps, tenant, personOf(turn.activity.from), deps.clock());
  const people = await peopleFor(deps.refs, tenant, view.manager?.glancePeople ?? []);
  const rendered = renderHome(view, timezone, teamsStyle(people));
  await turn.send(cardMessage(rendered));
  return undefined;
}

/** `handoff`: the shift so far, with "Post now". */
async function handoffCard(deps: TeamsDeps, turn: Turn, tenant: string, view: HandoffView): Promise<undefined> {
  const people = await peopleFor(deps.refs, tenant, [
    ...view.carryOvers.map((c) => c.owner),
    ...view.happened.map((h) => h.handledBy),
    ...view.kudos.map((k) => k.user),
  ]);
  const rendered = renderHandoff(view, people);
  if (rendered) await turn.send(cardMessage(rendered));
  return undefined;
}

/**
 * `role @person lead`: the person is the one @mentioned (Teams gives their Teams id; the core stores Entra ids), and
 * the role word is what is left once the command word and their (possibly multi-word) name are taken out.
 */
async function roleTarget(
  deps: TeamsDeps,
  turn: Turn,
  tenant: string,
  text: string,
): Promise<{ target: RoleTarget; word: string | undefined } | undefined> {
  const [person] = mentionedPeople(turn.activity);
  if (!person) return undefined;
  const left =
    text
      .replace(/^\/?(recover\s+)?role\b/i, '')
      .split(`@${person.name ?? ''}`)
      .join(' ')
      .trim()
      .split(/\s+/)[0] ?? '';
  const word = left === '' || /^(staff|none|revoke|default)$/i.test(left) ? undefined : left.toLowerCase();
  const member = person.aadObjectId ? { aadObjectId: person.aadObjectId } : await turn.member(person.id);
  const target = member?.aadObjectId ?? person.id;
  await deps.refs.savePerson(tenant, target, { teamsId: person.id, name: person.name ?? '' });
  return { target: { id: target, shown: person.name ?? 'They' }, word };
}
