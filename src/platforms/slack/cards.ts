import type { WebClient } from '@slack/web-api';
import { recordCard } from '../../conversation/recordCard';
import { tailorLater as tailorInPlace } from '../../conversation/tailorLater';
import { reportError } from '../../errors';
import type { Slip } from '../../slips/slip';
import { buildRecoveryCard } from '../../views/recoveryCard';
import { renderRecoveryCard, type SlackMessage } from './blocks/recoveryCard';
import type { SlackDeps } from './deps';
import { refreshManagerCopies } from './privateCopies';
import { postPrivately } from './privateSlips';

/** The Block Kit card for a slip, with the venue's time zone and currency from its playbook. */
export async function cardMessage(deps: SlackDeps, slip: Slip): Promise<SlackMessage> {
  const { playbook } = await deps.playbooks.current(slip.tenant);
  return renderRecoveryCard(buildRecoveryCard(slip, playbook.venue), deps.clock());
}

/** Posts the card as a threaded reply to the slip's message and remembers where, for in-place updates. */
export async function postCard(client: WebClient, deps: SlackDeps, slip: Slip, replyTo: string): Promise<Slip> {
  if (slip.private) return postPrivately(client, deps, slip, await cardMessage(deps, slip));
  const message = await cardMessage(deps, slip);
  const posted = await client.chat.postMessage({
    channel: slip.channel,
    thread_ts: slip.threadRef,
    text: `<@${replyTo}> ${message.text}`,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  const attached = await recordCard(deps.log, slip, () =>
    deps.service.attachCard(slip.tenant, slip.id, String(posted.ts)),
  );
  if (attached) tailorLater(client, deps, attached);
  return attached ?? slip;
}

/** The model's version of a posted card, in place when it arrives in time (conversation/tailorLater.ts). */
export function tailorLater(client: WebClient, deps: SlackDeps, slip: Slip): void {
  tailorInPlace(deps, slip, (tailored) => refreshCard(client, deps, tailored));
}

/** Re-renders the card where it lives (after a step, from a button, a modal or the worker), and its copies. */
export async function refreshCard(client: WebClient, deps: SlackDeps, slip: Slip): Promise<void> {
  if (!slip.cardRef) return;
  const message = await cardMessage(deps, slip);
  await client.chat.update({
    channel: slip.cardChannel ?? slip.channel,
    ts: slip.cardRef,
    text: message.text,
    blocks: message.blocks,
  });
  await refreshCopies(client, deps, slip, message);
}

/** A private slip's managers' read-only copies, redrawn with its card (best effort: a failure is logged). */
export async function refreshCopies(client: WebClient, deps: SlackDeps, slip: Slip, message: SlackMessage) {
  const failed = (error: unknown) =>
    reportError(deps.log, error, { tenant: slip.tenant, slipId: slip.id, where: 'private slip copy redraw' });
  await refreshManagerCopies(client, deps.features?.privateCopies, slip, message, failed).catch(failed);
}
