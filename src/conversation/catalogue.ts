import { CAPTURE_SAY } from './say/capture';
import { CARDS_SAY } from './say/cards';
import { CLOCK_SAY } from './say/clock';
import { INSIGHTS_SAY } from './say/insights';
import type { Style } from './style';

/**
 * Every sentence the bot says in a conversation, once, keyed by id: the platforms render them with their own Style
 * (Slack mrkdwn, Teams plain text, the terminal), and a second language is a second catalogue of the same ids.
 * Parameters that come from people or the playbook go through `s.text` (escaped for the surface).
 */
export const SAY = {
  help: (s: Style, p: { where: 'slack' | 'teams' | 'shell' }) =>
    [
      `${s.strong('recovery-coach')} helps you recover a guest after a slip: acknowledge, correct, connect.`,
      `• Post what happened in a watched channel ("T12 got the wrong steak, guest annoyed") and I reply in the thread with a recovery card.`,
      `• ${s.code(s.report('<what happened>'))}: log a slip yourself${p.where === 'slack' ? ' (you see a preview first)' : ''}.`,
      ...(p.where === 'slack'
        ? [
            `• ${s.code('/recover')}: open the form; or use the message menu → ${s.strong('Recover from this message')}.`,
          ]
        : []),
      `• ${s.code(s.command('watch'))} / ${s.code(s.command('unwatch'))}: managers, in a channel: start or stop watching it.`,
      `• ${s.code(s.command('role @person lead|manager|staff'))}: managers: who may give which gestures.`,
      `• ${s.code(s.command('shifts 06:00 14:00 22:00 America/Chicago'))}: managers: shift changes; a handoff is posted at each. ${s.code(s.command('shifts'))} shows them, ${s.code(s.command('shifts off'))} stops them.`,
      `• ${s.code(s.command('handoff'))}: the handoff for the shift so far${p.where === 'shell' ? '' : ', with Post now'}.`,
      `• ${s.code(s.command('ai'))}: whether cards are tailored by an AI model here; managers: ${s.code(s.command('ai on|off'))}.`,
      `• ${s.code(s.command('insights [30d] [#channel]'))}: managers: how slips were recovered over the last days, for all channels or one; ${s.code(s.command('insights digest'))}: the weekly digest.`,
      `• ${s.code(s.command('home'))}: your open slips and follow-ups on ${s.home}; managers also the week and the playbook.`,
    ].join('\n'),
  unknownCommand: (s: Style, p: { word: string }) =>
    `I don't know ${s.code(s.text(p.word))}. To log a slip, describe it: ${s.code(s.report('T12 waited 40 min for mains'))}. ${s.code(s.command('help'))} lists everything.`,
  tellWhatHappened: (s: Style) => `Tell me what happened: ${s.code(s.report('T12 waited 40 min for mains'))}.`,
  notASlip: (s: Style) =>
    `That doesn't read like a guest slip to me. To log one anyway, start with recover: ${s.code(s.report('T12 waited 40 min for mains'))}. ${s.code(s.command('help'))} lists everything.`,
  inChannelOnly: (s: Style, p: { command: string }) =>
    `Do this in the shift channel: ${s.code(s.command(p.command))} there.`,
  watching: (s: Style, p: { by: string }) =>
    `I'm watching this channel for guest slips now (set up by ${s.person(p.by)}). When someone posts one, I'll reply in the thread with a recovery card.${s.joinHint ? ` ${s.joinHint}` : ''}`,
  stoppedWatching: () => "I've stopped watching this channel for guest slips.",
  wasNotWatching: () => "I wasn't watching this channel.",
  shiftsShown: (_s: Style, p: { schedule: string }) => `${p.schedule} The handoff is posted here at each change.`,
  noShifts: (s: Style) =>
    `No shift times set for this channel. A manager can set them: ${s.code(s.command('shifts 06:00 14:00 22:00 America/Chicago'))}.`,
  shiftsSet: (s: Style, p: { schedule: string; by: string }) =>
    `${p.schedule} I'll post a handoff here at each change (set by ${s.person(p.by)}).`,
  shiftsOff: () => 'Shift handoffs are off for this channel.',
  hadNoShifts: () => 'This channel had no shift times.',
  handoffsNotSetUp: () => 'Shift handoffs are not set up on this server.',
  nothingThisShift: () => 'No guest issues logged this shift so far.',
  homeIsThere: (s: Style) => `Your open slips and follow-ups are on ${s.home} (just updated).`,
  playbookIsThere: (s: Style) => `Managers edit the playbook on ${s.home}.`,
  playbookInFile: (s: Style) =>
    `Here the playbook is a file: check it with ${s.code('npx recovery-coach playbook validate <file>')}, and a manager edits it in Slack or Teams.`,
  nameThePerson: (s: Style) => `Name the person with an @mention: ${s.code(s.command('role @alex lead'))}.`,
  roleGranted: (s: Style, p: { person: string; role: string; tier: number; currency: string; limit: number }) =>
    `${p.person} is now ${s.strong(s.text(p.role))}: tier ${p.tier}, comps up to ${p.currency} ${p.limit}.`,
  roleRevoked: (_s: Style, p: { person: string }) => `${p.person} is back to the everyday role.`,
  previewSlip: (s: Style) =>
    `${s.strong('Here is the recovery card for this one.')} Post it to the channel so the team sees it, or just log it.`,
  previewNotSlip: (s: Style) =>
    `${s.strong("This doesn't read like a guest slip to me")}, but you know best. Here's my best guess:`,
  storageTrouble: (s: Style, p: { command: boolean }) =>
    `I'm having trouble reaching my storage, so I couldn't log this slip. Please try again in a minute${p.command ? ` with ${s.code(s.report('…'))}` : ''}.`,
  cardFor: () => 'here is a recovery card for this one.',
  greeting: (s: Style) =>
    `Hi, I'm recovery-coach. A manager can ${s.code(s.command('watch'))} in a shift channel, and I'll reply to guest slips posted there with a recovery card.`,
  aiNotSetUp: () =>
    "AI coaching isn't set up on this server (it needs OPENAI_API_KEY). Cards come from your playbook, as always.",
  aiTurnedOn: (_s: Style, p: { model: string }) =>
    `AI coaching is on: each card is posted from your playbook at once, then tailored to the situation by ${p.model} when it answers in time.`,
  aiTurnedOff: () => 'AI coaching is off: cards come from your playbook only. Nothing is sent to the model.',
  aiStatus: (s: Style, p: { on: boolean; model: string; calls: number; tokens: number }) =>
    [
      p.on
        ? `AI coaching is on (${p.model}): cards are posted from your playbook at once, then tailored when the model answers in time.`
        : 'AI coaching is off: cards come from your playbook only.',
      `This month: ${p.calls} model call${p.calls === 1 ? '' : 's'}, ${p.tokens.toLocaleString('en-US')} tokens.`,
      p.on
        ? `A manager can turn it off with ${s.code(s.command('ai off'))}.`
        : `A manager can turn it on with ${s.code(s.command('ai on'))}.`,
    ].join(' '),
  ...CAPTURE_SAY,
  ...CARDS_SAY,
  ...CLOCK_SAY,
  ...INSIGHTS_SAY,
} as const;

export type MessageId = keyof typeof SAY;

/** One thing to say: an id from the catalogue and its parameters, rendered by each surface with its Style. */
export type Said = {
  [K in MessageId]: Parameters<(typeof SAY)[K]>[1] extends undefined
    ? { id: K; params?: undefined }
    : { id: K; params: Parameters<(typeof SAY)[K]>[1] };
}[MessageId];

export function said<K extends MessageId>(
  id: K,
  ...params: Parameters<(typeof SAY)[K]>[1] extends undefined ? [] : [Parameters<(typeof SAY)[K]>[1]]
): Said {
  return { id, params: params[0] } as Said;
}

/** The sentence in a surface's style. */
export function render(message: Said, style: Style): string {
  return (SAY[message.id] as (s: Style, p: unknown) => string)(style, message.params);
}
