import { render, said } from '../../conversation/catalogue';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { cardActivity, tailorLater } from './cards';
import { managerCopy } from './cards/managerCopy';
import type { TeamsDeps } from './deps';
import { teamsStyle } from './style';

type Notice = { type: 'message'; text: string; textFormat: 'plain' };

/**
 * A private slip in Teams is never carded in a channel or group conversation: the conversation gets at most the
 * one-line notice (the playbook's `privateSlips`), or nothing when silent.
 */
export async function privateNotice(deps: Pick<TeamsDeps, 'playbooks'>, slip: Slip): Promise<Notice | undefined> {
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
  send: (activity: Notice) => Promise<unknown>,
): Promise<void> {
  const notice = await privateNotice(deps, slip);
  if (notice) await send(notice);
}

/**
 * A private slip's card by 1:1 chat (a proactive message through the conversation references the bot keeps): to
 * the reporter with its buttons (the card lives there: `cardChannel`, so presses and redraws happen in that chat),
 * and to every manager read-only, headed "Private slip #N, reported by …". `notice` sends into the conversation the
 * slip came from (a channel thread): at most the one-line notice, never the card. Someone the bot cannot reach
 * (never talked to it, or Teams refused) is logged and skipped: nothing of the slip goes anywhere else, and it
 * stays on the managers' home card.
 */
export async function deliverPrivately(
  deps: TeamsDeps,
  slip: Slip,
  notice?: (activity: Notice) => Promise<unknown>,
): Promise<Slip> {
  const where = { tenant: slip.tenant, slipId: slip.id };
  let delivered = slip;
  if (deps.messenger) {
    try {
      const sent = await deps.messenger.sendToPerson(slip.tenant, slip.reporter, await cardActivity(deps, slip));
      delivered = await deps.service.attachCard(slip.tenant, slip.id, sent.ts, undefined, sent.channel);
      tailorLater(deps, delivered);
    } catch (error) {
      reportError(deps.log, error, { ...where, where: 'teams private slip to the reporter' });
    }
    await toManagers(deps, delivered);
  } else deps.log.warn(where, 'no Teams messenger: a private slip was not sent to anyone by chat');
  if (notice)
    await sendPrivateNotice(deps, slip, notice).catch((error) =>
      reportError(deps.log, error, { ...where, where: 'teams private notice' }),
    );
  return delivered;
}

/**
 * Each manager but the reporter gets the card without its buttons, in their 1:1 chat; where it went is remembered,
 * so the copy is redrawn as the slip moves on (privateCopies.ts).
 */
async function toManagers(deps: TeamsDeps, slip: Slip): Promise<void> {
  const managers = (await deps.permissions.managers(slip.tenant)).filter((m) => m !== slip.reporter);
  if (managers.length === 0) return;
  const copy = await managerCopy(deps.refs, slip, await cardActivity(deps, slip));
  await Promise.all(
    managers.map(async (manager) => {
      try {
        const sent = await deps.messenger!.sendToPerson(slip.tenant, manager, copy);
        await deps.features?.privateCopies.add(slip.tenant, slip.id, { user: manager, ...sent });
      } catch (error) {
        reportError(deps.log, error, {
          tenant: slip.tenant,
          slipId: slip.id,
          where: 'teams private slip to a manager',
        });
      }
    }),
  );
}
