import type { Style } from '../style';

/** The sentences of one-gesture capture, thread-reply steps, comp approvals and private slips (spread into SAY). */
export const CAPTURE_SAY = {
  captureShown: (s: Style, p: { emoji: string }) =>
    `React with :${s.text(p.emoji)}: to any message in a watched channel to log it as a guest slip. A manager can change the emoji: ${s.code(s.command('capture :emoji:'))}.`,
  captureSet: (s: Style, p: { emoji: string; by: string }) =>
    `From now on, :${s.text(p.emoji)}: on a message in a watched channel logs it as a guest slip (set by ${s.person(p.by)}).`,
  captureBadEmoji: (s: Style) => `Name the emoji like this: ${s.code(s.command('capture :sos:'))}.`,
  captureNotSetUp: () => 'Capture by reaction is not set up on this server.',
} as const;
