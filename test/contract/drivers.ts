import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config';
import { Conversation } from '../../src/conversation/conversation';
import { silentLogger } from '../../src/log';
import { PlatformMessengers } from '../../src/platforms/messengers';
import { ShellMessenger } from '../../src/platforms/shell/messenger';
import { SHELL_CHANNEL, SHELL_TENANT, ShellChat } from '../../src/platforms/shell/shellChat';
import { ACTION_IDS } from '../../src/platforms/slack/blocks/recoveryCard';
import { startWorker } from '../../src/roles/worker';
import type { Slip } from '../../src/slips/slip';
import type { SlipStore } from '../../src/slips/store';
import { testRedisUrl, uniquePrefix } from '../helpers/redis';
import {
  buttonPress,
  MANAGER,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../helpers/slackApp';
import {
  CHANNEL,
  STAFF,
  startTeamsTestApp,
  MANAGER as TEAMS_MANAGER,
  TEAMS_TENANT,
  type TeamsTestApp,
} from '../helpers/teamsApp';

export type Who = 'staff' | 'manager';
export type Step = 'acknowledge' | 'connect' | 'escalate' | 'close';

/**
 * One platform as a person uses it, for the contract suite: post in the watched shift channel, press a card's
 * buttons (or type their words in the shell), fill the two step forms, and type the bot's commands. Each call
 * returns what the person saw in answer, as plain words, once the app is quiet.
 */
export interface PlatformDriver {
  readonly name: 'slack' | 'teams' | 'shell';
  readonly tenant: string;
  readonly slips: SlipStore;
  /** How a card names the staff member who posts and presses. */
  readonly staffShown: string;
  post(text: string): Promise<string[]>;
  press(slip: Slip, step: Step, who?: Who): Promise<string[]>;
  correct(slip: Slip, fix: string): Promise<string[]>;
  followUp(slip: Slip, inMinutes: number): Promise<string[]>;
  command(words: string, who?: Who): Promise<string[]>;
  stop(): Promise<void>;
}

/** Everything a JSON payload says in words: texts of blocks, Adaptive Card elements and messages. */
function wordsOf(value: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return out.join(' ');
}

export async function slackDriver(): Promise<PlatformDriver> {
  const app: SlackTestApp = await startSlackTestApp();
  await app.watch('C1');
  const user = (who: Who = 'staff') => (who === 'manager' ? MANAGER : 'U1');
  const seen = async (work: () => Promise<unknown>): Promise<string[]> => {
    await app.quiet();
    app.fake.reset();
    const direct = await work();
    await app.quiet();
    const answers = app.fake.calls
      .filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open'].includes(c.method))
      .map((c) => wordsOf(c.body));
    const reply = direct as { json?: unknown } | undefined;
    return [
      ...(reply?.json ? [wordsOf(reply.json)] : []),
      ...answers,
      ...app.fake.responses.map((r) => wordsOf(r.body)),
    ];
  };
  const modal = async (slip: Slip, action: string, values: Record<string, unknown>) => {
    await app.interaction(buttonPress(app, action, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    return app.interaction(viewSubmission(String(view.callback_id), String(view.private_metadata), values));
  };
  return {
    name: 'slack',
    tenant: TENANT,
    staffShown: '<@U1>',
    slips: app.web.core.slips,
    post: (text) => seen(() => app.message(text)),
    press: (slip, step, who) =>
      seen(() =>
        app.interaction(buttonPress(app, ACTION_IDS[step], slip.id, { messageTs: slip.cardRef, user: user(who) })),
      ),
    correct: (slip, fix) =>
      seen(() => modal(slip, ACTION_IDS.correct, { fix: { value: { type: 'plain_text_input', value: fix } } })),
    followUp: (slip, minutes) =>
      seen(() =>
        modal(slip, ACTION_IDS.followup, {
          due: {
            value: { type: 'datetimepicker', selected_date_time: Math.floor((Date.now() + minutes * 60_000) / 1000) },
          },
        }),
      ),
    command: (words, who) => seen(() => app.command(words, { user_id: user(who) })),
    stop: () => app.stop(),
  };
}

export async function teamsDriver(): Promise<PlatformDriver> {
  const app: TeamsTestApp = await startTeamsTestApp();
  await app.watch();
  const person = (who: Who = 'staff') => (who === 'manager' ? TEAMS_MANAGER : STAFF);
  const seen = async (work: () => Promise<{ json?: unknown } | unknown>): Promise<string[]> => {
    await app.quiet();
    app.fake.reset();
    const direct = (await work()) as { json?: unknown; posted?: unknown } | undefined;
    await app.quiet();
    const invoke =
      direct && typeof direct === 'object' && 'json' in direct && direct.json ? [wordsOf(direct.json)] : [];
    return [...invoke, ...app.fake.calls.map((c) => wordsOf(c.body))];
  };
  const execute = (slip: Slip, verb: string, data: Record<string, unknown>, who?: Who) =>
    app.execute(verb, { slipId: slip.id, ...data }, { from: person(who), replyToId: slip.cardRef });
  return {
    name: 'teams',
    tenant: TEAMS_TENANT,
    staffShown: STAFF.name,
    slips: app.web.core.slips,
    post: (text) => seen(() => app.channelPost(text)),
    press: (slip, step, who) => seen(() => execute(slip, `rc.${step}`, {}, who)),
    correct: (slip, fix) => seen(() => execute(slip, 'rc.correct', { fix })),
    followUp: (slip, minutes) => {
      const at = new Date(Date.now() + minutes * 60_000);
      const local = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'America/Chicago',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(at);
      const part = (type: string) => local.find((p) => p.type === type)!.value;
      return seen(() =>
        execute(slip, 'rc.followup', {
          date: `${part('year')}-${part('month')}-${part('day')}`,
          time: `${part('hour')}:${part('minute')}`,
        }),
      );
    },
    command: (words, who) =>
      seen(async () => ({ posted: await app.channelPost(words, { mentionBot: true, from: person(who) }) })),
    stop: () => app.stop(),
  };
}

export async function shellDriver(): Promise<PlatformDriver> {
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_PREFIX: uniquePrefix('shell'),
    MANAGER_USER_IDS: 'boss',
    VENUE_TIMEZONE: 'America/Chicago',
  });
  let chat: ShellChat | undefined;
  const worker = await startWorker(config, silentLogger(), testRedisUrl(), {
    messenger: new PlatformMessengers({ shell: new ShellMessenger((text) => chat?.notify(text)) }),
    http: false,
  });
  const core = worker.core;
  await core.channels.watch({ tenant: SHELL_TENANT, channel: SHELL_CHANNEL, by: 'shell', at: Date.now() });
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  chat = new ShellChat({
    service: core.service,
    slips: core.slips,
    playbooks: core.playbooks,
    conversation: new Conversation({ ...core, handoffs: worker.handoffs }),
    input: new PassThrough(),
    output,
    log: silentLogger(),
    interactive: false,
    user: 'dana',
  });
  const shell = chat;
  const type = async (lines: string[]): Promise<string[]> => {
    printed = '';
    for (const line of lines) await shell.handleLine(line);
    return printed ? [printed] : [];
  };
  const as = (who: Who = 'staff') => `/as ${who === 'manager' ? 'boss' : 'dana'}`;
  return {
    name: 'shell',
    tenant: SHELL_TENANT,
    staffShown: 'dana',
    slips: core.slips,
    post: (text) => type([text]),
    press: (slip, step, who) => {
      const word = { acknowledge: 'ack', connect: 'connect', escalate: 'escalate', close: 'close' }[step];
      return type([as(who), `${word} ${slip.id}`, as()]).then((out) =>
        out.map((o) => o.replace(/Now typing as \w+\.\n/g, '')),
      );
    },
    correct: (slip, fix) => type([`fix ${slip.id} ${fix}`]),
    followUp: (slip, minutes) => type([`followup ${slip.id} ${minutes}m`]),
    command: (words, who) =>
      type([as(who), `/${words}`, as()]).then((out) => out.map((o) => o.replace(/Now typing as \w+\.\n/g, ''))),
    stop: async () => {
      await worker.stop();
    },
  };
}

/** The channel the Teams driver posts in (for scenarios that need to name it). */
export const TEAMS_CHANNEL = CHANNEL;
