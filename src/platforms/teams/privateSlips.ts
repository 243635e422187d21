import { render, said } from '../../conversation/catalogue';
import type { Slip } from '../../slips/slip';
import type { TeamsDeps } from './deps';
import { teamsStyle } from './style';

/**
 * A private slip in Teams is never carded in a channel or group conversation: the conversation gets at most the
 * one-line notice (the playbook's `privateSlips`), in a personal chat the person is told where it is. Its card is
 * on the managers' Teams home (and a severe one reaches them as the usual escalation DM).
 */
export async function privateNotice(
  deps: Pick<TeamsDeps, 'playbooks'>,
  slip: Slip,
): Promise<{ type: 'message'; text: string; textFormat: 'plain' } | undefined> {
  const { playbook } = await deps.playbooks.current(slip.tenant);
  if (playbook.privateSlips === 'silent') return undefined;
  return {
    type: 'message',
    text: render(
      said('privateSlipLogged'),
      teamsStyle(() => undefined),
    ),
    textFormat: 'plain',
  };
}

/** Sends the notice (or nothing, when silent) where the card would have gone. */
export async function sendPrivateNotice(
  deps: Pick<TeamsDeps, 'playbooks'>,
  slip: Slip,
  send: (activity: { type: 'message'; text: string; textFormat: 'plain' }) => Promise<unknown>,
): Promise<void> {
  const notice = await privateNotice(deps, slip);
  if (notice) await send(notice);
}
