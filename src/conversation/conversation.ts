import { captureCommand } from '../capture/command';
import type { FeatureStores } from '../capture/stores';
import { describeSchedule } from '../handoff/schedule';
import type { HandoffService } from '../handoff/service';
import type { Insights } from '../insights/figures';
import type { DigestSettingsStore } from '../insights/ports';
import { type Permissions, resolveRoleWord } from '../playbook/permissions';
import type { Playbook } from '../playbook/schema';
import type { ChannelStore } from '../slips/channels';
import type { PlaybookSource } from '../slips/ports';
import type { SlipService } from '../slips/service';
import type { Slip } from '../slips/slip';
import type { TailoringService } from '../slips/tailoring';
import { type Said, said } from './catalogue';
import type { MessageToBot, RecoverCommand } from './commands';
import { typedChannelName, watchedChannelNamed } from './insightsChannel';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Who asked, where: the workspace, the person (as the core stores them) and the channel, when there is one. */
export interface Asked {
  tenant: string;
  platform: Slip['platform'];
  user: string;
  channel?: { id: string; name?: string };
  /** The message the command came in (Teams, the shell): a slip logged from it is tied to it. */
  messageRef?: string;
  threadRef?: string;
  /** The Slack app the command came through (a handoff's buttons name it). */
  appId?: string;
}

/** What the conversation answers; each platform renders these, and nothing else. */
export type Reply =
  /** Words for the person who asked (`private`), or for the channel (`channel`: a change everyone should see). */
  | { kind: 'say'; said: Said; audience: 'private' | 'channel' }
  /** The platform's own form for logging a slip. */
  | { kind: 'form' }
  /** The person's own slips and follow-ups (Slack App Home, the Teams home card). */
  | { kind: 'home' }
  /** The managers' playbook editor. */
  | { kind: 'playbook' }
  | { kind: 'handoff'; view: Awaited<ReturnType<HandoffService['preview']>> }
  /** `/recover <what happened>` where a preview comes first (Slack): the card, not stored yet. */
  | { kind: 'preview'; slip: Slip; playbook: Playbook; detected: boolean }
  /** A slip logged by hand, to be carded where it was asked. */
  | { kind: 'card'; slip: Slip; created: boolean }
  /** `insights [30d]` (managers): the figures, rendered by each platform from the catalogue's words. */
  | { kind: 'insights'; insights: Insights };

export interface ConversationDeps {
  service: SlipService;
  permissions: Permissions;
  channels: ChannelStore;
  playbooks: PlaybookSource;
  handoffs?: HandoffService;
  tailoring?: TailoringService;
  /** The insights figures and the weekly digest's settings. */
  insights?: {
    report(tenant: string, days: number, now?: number, channel?: string): Promise<Insights>;
    digests?: DigestSettingsStore;
  };
  clock: () => number;
  /** Capture, comp and privacy stores; without them `capture` says it is not set up. */
  features?: FeatureStores;
}

/** A role change asks for a person the platform has already found (a Slack mention, a Teams @mention's Entra id). */
export type RoleTarget = { id: string; shown: string } | undefined;

/**
 * The conversation with staff, once for every platform: a command parsed into an intent is answered here with a
 * neutral reply; Slack, Teams and the shell only translate their payloads in and render the reply out.
 */
export class Conversation {
  constructor(private readonly deps: ConversationDeps) {}

  async answer(
    command: RecoverCommand,
    asked: Asked,
    options: { reportAs: 'preview' | 'card'; role?: RoleTarget },
  ): Promise<Reply> {
    switch (command.kind) {
      case 'open_form':
        return { kind: 'form' };
      case 'help':
        return this.say(said('help', { where: asked.platform }));
      case 'unknown':
        return this.say(said('unknownCommand', { word: command.word }));
      case 'watch':
      case 'unwatch':
        return this.watch(asked, command.kind === 'watch');
      case 'role':
        return this.role(asked, options.role, command.role);
      case 'shifts':
        return this.shifts(asked, command.args);
      case 'handoff':
        return this.handoff(asked);
      case 'home':
        return { kind: 'home' };
      case 'playbook':
        return { kind: 'playbook' };
      case 'model':
        return this.say(await this.model(asked, command.setting));
      case 'insights':
      case 'digest':
        return this.insights(asked, command);
      case 'capture':
        return this.say(...(await captureCommand(this.deps, asked, command.emoji)));
      case 'report':
        return options.reportAs === 'preview' ? this.preview(asked, command.text) : this.log(asked, command.text);
    }
  }

  /**
   * A message to the bot (a Teams personal chat or @mention), parsed by parseMessageToBot: a command is answered as
   * one; anything else is logged when the detector reads a slip in it, and otherwise answered with a hint, never
   * logged ("@recovery-coach 1", "thanks").
   */
  async answerMessage(parsed: MessageToBot, asked: Asked, options: { role?: RoleTarget } = {}): Promise<Reply> {
    if (parsed.kind === 'command') return this.answer(parsed.command, asked, { reportAs: 'card', ...options });
    if (!parsed.text) return this.say(said('help', { where: asked.platform }));
    const result = await this.deps.service.report(this.incoming(asked, parsed.text));
    if (result.kind !== 'reported') return this.say(said('notASlip'));
    return { kind: 'card', slip: result.slip, created: result.created };
  }

  private say(message: Said, audience: 'private' | 'channel' = 'private'): Reply {
    return { kind: 'say', said: message, audience };
  }

  private async watch(asked: Asked, on: boolean): Promise<Reply> {
    const channel = asked.channel;
    if (!channel) return this.say(said('inChannelOnly', { command: on ? 'watch' : 'unwatch' }));
    const { tenant, user } = asked;
    await this.deps.permissions.require(tenant, user, 'manager', on ? 'watch channels' : 'unwatch channels');
    if (!on) {
      const was = await this.deps.channels.unwatch(tenant, channel.id);
      return this.say(said(was ? 'stoppedWatching' : 'wasNotWatching'), 'channel');
    }
    await this.deps.channels.watch({
      tenant,
      channel: channel.id,
      name: channel.name,
      by: user,
      at: this.deps.clock(),
    });
    return this.say(said('watching', { by: user }), 'channel');
  }

  private async role(asked: Asked, target: RoleTarget, word: string | undefined): Promise<Reply> {
    if (!target) return this.say(said('nameThePerson'));
    const { playbook } = await this.deps.playbooks.current(asked.tenant);
    const granted = await this.deps.permissions.grant(
      asked.tenant,
      asked.user,
      target.id,
      resolveRoleWord(playbook, word),
    );
    return this.say(
      granted
        ? said('roleGranted', {
            person: target.shown,
            role: granted.name,
            tier: granted.tier,
            currency: playbook.venue.currency,
            limit: granted.compLimit,
          })
        : said('roleRevoked', { person: target.shown }),
    );
  }

  private async shifts(asked: Asked, args: string): Promise<Reply> {
    const handoffs = this.deps.handoffs;
    if (!handoffs) return this.say(said('handoffsNotSetUp'));
    const channel = asked.channel;
    if (!channel) return this.say(said('inChannelOnly', { command: 'shifts' }));
    const word = args.trim().toLowerCase();
    if (word === '') {
      const schedule = await handoffs.getSchedule(asked.tenant, channel.id);
      return this.say(schedule ? said('shiftsShown', { schedule: describeSchedule(schedule) }) : said('noShifts'));
    }
    await this.deps.permissions.require(asked.tenant, asked.user, 'manager', 'set shift times');
    if (word === 'off' || word === 'none') {
      const removed = await handoffs.removeSchedule(asked.tenant, channel.id);
      return this.say(said(removed ? 'shiftsOff' : 'hadNoShifts'), 'channel');
    }
    const schedule = await handoffs.setSchedule({
      tenant: asked.tenant,
      channel: channel.id,
      args,
      by: asked.user,
      appId: asked.appId,
    });
    return this.say(said('shiftsSet', { schedule: describeSchedule(schedule), by: asked.user }), 'channel');
  }

  private async handoff(asked: Asked): Promise<Reply> {
    const handoffs = this.deps.handoffs;
    if (!handoffs) return this.say(said('handoffsNotSetUp'));
    if (!asked.channel) return this.say(said('inChannelOnly', { command: 'handoff' }));
    const view = await handoffs.preview(asked.tenant, asked.channel.id);
    const empty = view.carryOvers.length === 0 && view.happened.length === 0;
    return empty ? this.say(said('nothingThisShift')) : { kind: 'handoff', view };
  }

  /** `ai` (everyone: is the model on, which one, this month's use) and `ai on|off` (managers). */
  private async model(asked: Asked, setting: 'on' | 'off' | undefined): Promise<Said> {
    const tailoring = this.deps.tailoring;
    if (!tailoring) return said('aiNotSetUp');
    if (setting) {
      await this.deps.permissions.require(asked.tenant, asked.user, 'manager', 'switch AI coaching');
      await tailoring.setOn(asked.tenant, setting === 'on');
      return setting === 'on' ? said('aiTurnedOn', { model: tailoring.model }) : said('aiTurnedOff');
    }
    const usage = await tailoring.usage(asked.tenant);
    return said('aiStatus', {
      on: await tailoring.isOn(asked.tenant),
      model: tailoring.model,
      calls: usage.calls,
      tokens: usage.promptTokens + usage.completionTokens,
    });
  }

  /** `insights [30d]` and `insights digest …`: managers only. */
  private async insights(
    asked: Asked,
    command: Extract<RecoverCommand, { kind: 'insights' | 'digest' }>,
  ): Promise<Reply> {
    const insights = this.deps.insights;
    if (!insights) return this.say(said('insightsNotSetUp'));
    await this.deps.permissions.require(asked.tenant, asked.user, 'manager', 'see insights');
    if (command.kind === 'insights') return this.insightsReport(asked, command);
    const digests = insights.digests;
    if (!digests) return this.say(said('insightsNotSetUp'));
    const current = await digests.get(asked.tenant);
    const setting = command.setting;
    const next =
      setting === 'show'
        ? current
        : typeof setting === 'string'
          ? { ...current, enabled: setting === 'on' }
          : { enabled: true, ...setting };
    if (setting !== 'show') await digests.set(asked.tenant, next);
    return this.say(
      next.enabled
        ? said('digestSet', { weekday: WEEKDAY_NAMES[next.weekday - 1] ?? 'Monday', time: next.time })
        : said('digestOff'),
    );
  }

  /** The figures, the workspace's or (`#channel`) one of the channels this workspace's bot watches. */
  private async insightsReport(asked: Asked, command: Extract<RecoverCommand, { kind: 'insights' }>): Promise<Reply> {
    const insights = this.deps.insights!;
    if (command.channel === undefined)
      return { kind: 'insights', insights: await insights.report(asked.tenant, command.days) };
    const typedName = typedChannelName(command.channel);
    const found = watchedChannelNamed(await this.deps.channels.list(asked.tenant), command.channel);
    if (!found) return this.say(said('insightsChannelNotWatched', { name: typedName }));
    const figures = await insights.report(asked.tenant, command.days, undefined, found.channel);
    const name = found.name ?? typedName;
    return { kind: 'insights', insights: { ...figures, channel: { id: found.channel, ...(name ? { name } : {}) } } };
  }

  private async preview(asked: Asked, text: string): Promise<Reply> {
    const result = await this.deps.service.preview(this.incoming(asked, text), { force: true });
    if (result.kind !== 'preview') return this.say(said('tellWhatHappened'));
    const { threshold } = this.deps.service;
    return {
      kind: 'preview',
      slip: result.slip,
      playbook: result.playbook,
      detected: result.slip.confidence >= threshold,
    };
  }

  private async log(asked: Asked, text: string): Promise<Reply> {
    if (!text.trim()) return this.say(said('tellWhatHappened'));
    const result = await this.deps.service.report(this.incoming(asked, text), { force: true });
    if (result.kind !== 'reported') return this.say(said('tellWhatHappened'));
    return { kind: 'card', slip: result.slip, created: result.created };
  }

  private incoming(asked: Asked, text: string) {
    const messageRef = asked.messageRef ?? `${asked.platform}-${this.deps.clock()}`;
    return {
      tenant: asked.tenant,
      platform: asked.platform,
      channel: asked.channel?.id ?? asked.user,
      messageRef,
      threadRef: asked.threadRef ?? messageRef,
      user: asked.user,
      text,
    };
  }
}
