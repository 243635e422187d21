import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SlackConfig } from '../../config';
import { AppError } from '../../errors';
import { decodeContext, type ModalContext } from './blocks/modals';

/** Who a modal was opened for: its context is good only for this workspace and this person. */
export interface ModalOwner {
  tenant: string;
  user: string;
}

/**
 * A modal's private_metadata names a channel and a slip, and comes back in the submission. Slack signs the request,
 * not our ids inside it, so the context is sealed with an HMAC over the workspace, the person and the ids when the
 * modal opens, and a submission whose seal does not match (another channel, another slip, another person) is
 * refused before anything is read from it.
 */
export function sealContext(context: ModalContext, owner: ModalOwner, key: string): ModalContext {
  const { seal: _ignored, ...ids } = context;
  return { ...ids, seal: mac(ids, owner, key) };
}

/** The context a sealed private_metadata holds; FORBIDDEN when the seal is missing or does not match. */
export function openContext(raw: string | undefined, owner: ModalOwner, key: string): ModalContext {
  const { seal, ...ids } = decodeContext(raw);
  const expected = Buffer.from(mac(ids, owner, key));
  const given = Buffer.from(typeof seal === 'string' ? seal : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('FORBIDDEN', 'This form was not opened for you here; open it again from Slack.', {
      details: { tenant: owner.tenant },
    });
  return ids;
}

/** The key modals are sealed with: a secret every web instance of this deployment shares. */
export function modalKey(config: SlackConfig): string {
  const secret = config.signingSecret ?? config.oauth?.clientSecret ?? config.appToken ?? config.botToken;
  if (!secret) throw new AppError('CONFIG_INVALID', 'Slack needs a signing secret, client secret or token.');
  // a derived key, so the secret itself is never used for two purposes
  return createHmac('sha256', secret).update('recovery-coach modal context').digest('hex');
}

function mac(ids: Omit<ModalContext, 'seal'>, owner: ModalOwner, key: string): string {
  const canonical = JSON.stringify(Object.entries(ids).sort(([a], [b]) => a.localeCompare(b)));
  return createHmac('sha256', key).update(`${owner.tenant}\n${owner.user}\n${canonical}`).digest('base64url');
}
