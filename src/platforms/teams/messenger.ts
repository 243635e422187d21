import { render } from '../../conversation/catalogue';
import { AppError } from '../../errors';
import type { Directory } from '../../playbook/permissions';
import type { PrivateCopies } from '../../slips/privateCopies';
import type { Slip } from '../../slips/slip';
import {
  type MessageRef,
  type Messenger,
  type Outbound,
  type SendOptions,
  sendThreadReplies,
} from '../../views/outbound';
import type { RecoveryCardView } from '../../views/recoveryCard';
import type { ConversationRef } from './activity';
import { cardMessage } from './cards';
import { renderDigest } from './cards/digest';
import { renderEscalation } from './cards/escalation';
import { renderHandoff } from './cards/handoff';
import { renderRecoveryCard } from './cards/recoveryCard';
import { MAX_PICKER_PEOPLE, renderReminder } from './cards/reminder';
import type { OutgoingActivity, TeamsConnector } from './connector';
import { peopleFor } from './people';
import { refreshManagerCopies } from './privateCopies';
import { channelKey, personalKey, type TeamsReferenceStore } from './references';
import { teamsStyle } from './style';

interface Rendered {
  activity: OutgoingActivity;
  replies: OutgoingActivity[];
}

/**
 * Proactive Teams messages (reminders, escalations, handoffs) through the conversation references the web role
 * saved. A person is reached in their 1:1 chat with the bot, opened on first use. Teams cannot be asked whether an
 * earlier attempt arrived, so there is no wasDelivered: the delivery ledger keeps a delivery that finished, or is
 * still being sent, from going twice, but one cut short by a crash is sent again (at least once, never lost) and
 * logged as DELIVERY_UNVERIFIED.
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly connector: TeamsConnector,
    private readonly refs: TeamsReferenceStore,
    private readonly clock: () => number = Date.now,
    /** `copies`: a private slip's managers' copies, redrawn with its card (updateCard). */
    private readonly options: { copies?: PrivateCopies } = {},
  ) {}

  async sendDirect(tenant: string, user: string, message: Outbound, options: SendOptions = {}): Promise<MessageRef> {
    const ref = await this.personal(tenant, user);
    return this.deliver(tenant, ref, ref.conversationId, message, options);
  }

  async post(tenant: string, channel: string, message: Outbound, options: SendOptions = {}): Promise<MessageRef> {
    const ref = await this.refs.conversation(tenant, channelKey(channel));
    if (!ref)
      throw new AppError(
        'PLATFORM_PERMANENT',
        `recovery-coach has not seen Teams channel ${channel} yet (is the app still in that team?)`,
      );
    const thread =
      options.threadRef && ref.conversationType === 'channel' ? `${channel};messageid=${options.threadRef}` : undefined;
    return this.deliver(tenant, ref, thread ?? ref.conversationId, message, options);
  }

  /** An activity of the platform's own (a card with its own buttons) in a person's 1:1 chat, opened on first use. */
  async sendToPerson(tenant: string, user: string, activity: OutgoingActivity): Promise<MessageRef> {
    const ref = await this.personal(tenant, user);
    return { channel: ref.conversationId, ts: await this.connector.send(ref, activity) };
  }

  /** Replaces a message sendToPerson sent. */
  async updateForPerson(tenant: string, user: string, sent: MessageRef, activity: OutgoingActivity): Promise<void> {
    const ref = await this.personal(tenant, user);
    await this.connector.update({ ...ref, conversationId: sent.channel }, sent.ts, activity);
  }

  /**
   * The card is the first message of the post's thread: updated in the thread's conversation, for everyone. A
   * private slip's card is in its reporter's 1:1 chat (`cardChannel`), never in the channel; its managers' read-only
   * copies follow it.
   */
  async updateCard(slip: Slip, card: RecoveryCardView): Promise<void> {
    if (slip.private) {
      const rendered = await this.render(slip.tenant, { kind: 'card', card });
      if (!rendered) return;
      // the reporter's card, if Teams let it reach them; the managers' copies either way
      if (slip.cardChannel && slip.cardRef)
        await this.updateForPerson(
          slip.tenant,
          slip.reporter,
          { channel: slip.cardChannel, ts: slip.cardRef },
          rendered.activity,
        );
      // best effort: the reporter's card is what must follow
      const where = { messenger: this, copies: this.options.copies, refs: this.refs };
      await refreshManagerCopies(where, slip, rendered.activity, () => undefined).catch(() => undefined);
      return;
    }
    if (!slip.cardRef) return;
    const conversation = `${slip.channel};messageid=${slip.threadRef}`;
    await this.update(slip.tenant, { channel: conversation, ts: slip.cardRef }, { kind: 'card', card });
  }

  async update(tenant: string, ref: MessageRef, message: Outbound): Promise<void> {
    const base = ref.channel.split(';')[0]!;
    const known = await this.refs.conversation(tenant, channelKey(base));
    if (!known) throw new AppError('PLATFORM_PERMANENT', `recovery-coach has not seen Teams conversation ${base}`);
    const rendered = await this.render(tenant, message);
    if (rendered) await this.connector.update({ ...known, conversationId: ref.channel }, ref.ts, rendered.activity);
  }

  private async deliver(
    tenant: string,
    ref: ConversationRef,
    conversationId: string,
    message: Outbound,
    _options: SendOptions,
  ): Promise<MessageRef> {
    const rendered = await this.render(tenant, message);
    if (!rendered) return { channel: conversationId, ts: '' };
    const id = await this.connector.send({ ...ref, conversationId }, rendered.activity);
    // replies that belong to it (a big handoff's full list) go in its thread; the message is posted now, whatever
    // happens to them
    const thread =
      ref.conversationType === 'channel' ? `${conversationId.split(';')[0]};messageid=${id}` : conversationId;
    await sendThreadReplies(rendered.replies, (reply) =>
      this.connector.send({ ...ref, conversationId: thread }, reply),
    );
    return { channel: conversationId, ts: id };
  }

  /** The person's 1:1 chat with the bot: remembered, or opened through any conversation of the tenant. */
  private async personal(tenant: string, user: string): Promise<ConversationRef> {
    const known = await this.refs.conversation(tenant, personalKey(user));
    if (known) return known;
    const person = await this.refs.person(tenant, user);
    const via = await this.refs.latest(tenant);
    if (!person || !via)
      throw new AppError(
        'PLATFORM_PERMANENT',
        'recovery-coach cannot reach this person in Teams: they have not used it in a team or chat yet',
      );
    const ref = await this.connector.openPersonal(via, person.teamsId);
    await this.refs.saveConversation(tenant, personalKey(user), ref);
    return ref;
  }

  /** Each card goes as cardMessage makes it: its notification text (a person's words) as plain text. */
  private async render(tenant: string, message: Outbound): Promise<Rendered | undefined> {
    switch (message.kind) {
      case 'notice':
        return { activity: { type: 'message', text: message.text, textFormat: 'plain' }, replies: [] };
      case 'said': {
        const people = await peopleFor(this.refs, tenant, message.people ?? []);
        const text = render(message.said, teamsStyle(people));
        return { activity: { type: 'message', text, textFormat: 'plain' }, replies: [] };
      }
      case 'card': {
        const v = message.card;
        const people = await peopleFor(this.refs, tenant, [
          v.reporter,
          v.owner,
          v.lastEvent?.by,
          ...v.steps.map((s) => s.done?.by),
        ]);
        const r = renderRecoveryCard(v, { now: this.clock(), people });
        return { activity: cardMessage(r), replies: [] };
      }
      case 'escalation': {
        const people = await peopleFor(this.refs, tenant, [message.alert.reporter, message.alert.owner]);
        const r = renderEscalation(message.alert, people);
        return { activity: cardMessage(r), replies: [] };
      }
      case 'reminder': {
        const people = await peopleFor(this.refs, tenant, [message.reminder.owner]);
        const teammates =
          message.reminder.stage === 'handover'
            ? []
            : await this.refs.everyone(tenant, MAX_PICKER_PEOPLE + 1).catch(() => []);
        const r = renderReminder(
          message.reminder,
          people,
          // someone known only by id (granted a role before they ever wrote) has no name to pick them by
          teammates.filter((t) => t.name !== ''),
        );
        return { activity: cardMessage(r), replies: [] };
      }
      case 'digest': {
        const people = await peopleFor(this.refs, tenant, message.digest.people);
        return { activity: cardMessage(renderDigest(message.digest, message.png, teamsStyle(people))), replies: [] };
      }
      case 'handoff': {
        const h = message.handoff;
        const people = await peopleFor(this.refs, tenant, [
          ...h.carryOvers.map((c) => c.owner),
          ...h.happened.map((l) => l.handledBy),
          ...h.kudos.map((k) => k.user),
        ]);
        const r = renderHandoff(h, people);
        if (!r) return undefined;
        return {
          activity: cardMessage(r),
          replies: r.replies.map((card) => cardMessage({ card, text: `Full list for ${h.shiftName}` })),
        };
      }
    }
  }
}

/**
 * Team owners are managers: asked of Teams (the member's userRole in each team the bot is in), cached for five
 * minutes so every button press does not call Teams.
 */
export class TeamsDirectory implements Directory {
  private readonly cache = new Map<string, { value: boolean; until: number }>();

  constructor(
    private readonly connector: TeamsConnector,
    private readonly refs: TeamsReferenceStore,
    private readonly options: { ttlMs?: number; clock?: () => number } = {},
  ) {}

  async isPlatformManager(tenant: string, user: string): Promise<boolean> {
    const now = (this.options.clock ?? Date.now)();
    const key = `${tenant}|${user}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await this.isOwner(tenant, user).catch(() => false);
    this.cache.set(key, { value, until: now + (this.options.ttlMs ?? 5 * 60_000) });
    return value;
  }

  private async isOwner(tenant: string, user: string): Promise<boolean> {
    const person = await this.refs.person(tenant, user);
    if (!person) return false;
    for (const { teamId, ref } of (await this.refs.teams(tenant)).slice(0, 10)) {
      const role = await this.connector.teamRole(ref, teamId, person.teamsId).catch(() => undefined);
      if (role?.toLowerCase() === 'owner') return true;
    }
    return false;
  }
}
