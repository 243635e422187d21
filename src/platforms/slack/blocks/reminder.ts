import type { Button, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import { render, said } from '../../../conversation/catalogue';
import { PLAIN_STYLE } from '../../../conversation/style';
import { type ReminderView, SNOOZE_CHOICES } from '../../../followups/reminder';
import type { SlackMessage } from './recoveryCard';
import { escapeMrkdwn, humanize, LIMITS, md, mention, plain, truncate } from './text';

export const REMINDER_ACTIONS = {
  recovered: 'rc_fu_recovered',
  unhappy: 'rc_fu_unhappy',
  unreachable: 'rc_fu_unreachable',
  snooze: 'rc_fu_snooze',
  reassign: 'rc_fu_reassign',
  take: 'rc_fu_take',
} as const;

/** The follow-up reminder: who, what happened, what was promised, and the outcome buttons. */
export function renderReminder(reminder: ReminderView): SlackMessage {
  const guest = reminder.guestRef ? ` · ${escapeMrkdwn(reminder.guestRef)}` : '';
  const headline = {
    remind: `:alarm_clock: *Follow-up due:* slip #${reminder.slipId} · ${escapeMrkdwn(reminder.categoryName)}${guest}`,
    nudge: `:alarm_clock: *Still waiting on this follow-up:* slip #${reminder.slipId} · ${escapeMrkdwn(reminder.categoryName)}${guest}`,
    handover: `:wave: *Follow-up for the shift on duty:* slip #${reminder.slipId} · ${escapeMrkdwn(reminder.categoryName)}${guest}\n${mention(reminder.owner)} is off shift — can someone on this shift check on the guest?`,
  }[reminder.stage];
  const due = DateTime.fromMillis(reminder.dueAt, { zone: reminder.timezone }).toFormat('HH:mm');
  const blocks: KnownBlock[] = [
    { type: 'section', text: md(headline) },
    { type: 'context', elements: [plain(`What happened: “${humanize(reminder.quote)}”`, LIMITS.contextText)] },
  ];
  if (reminder.promise)
    blocks.push({
      type: 'context',
      elements: [plain(render(said('promised', { promise: reminder.promise }), PLAIN_STYLE), LIMITS.contextText)],
    });
  blocks.push({ type: 'section', text: md(`Check back with the guest now (due ${due}). How did it go?`) });
  blocks.push({
    type: 'actions',
    block_id: `rc_fu_${reminder.slipId}`,
    elements: [
      button(REMINDER_ACTIONS.recovered, 'Done: guest recovered', reminder.slipId, 'primary'),
      button(REMINDER_ACTIONS.unhappy, 'Done: still unhappy', reminder.slipId, 'danger'),
      button(REMINDER_ACTIONS.unreachable, "Couldn't reach guest", reminder.slipId),
      {
        type: 'static_select',
        action_id: REMINDER_ACTIONS.snooze,
        placeholder: plain('Snooze', 150),
        options: SNOOZE_CHOICES.map((c) => ({ text: plain(c.label, 75), value: `${reminder.slipId}|${c.id}` })),
      },
      reminder.stage === 'handover'
        ? button(REMINDER_ACTIONS.take, 'Take this', reminder.slipId)
        : { type: 'users_select', action_id: REMINDER_ACTIONS.reassign, placeholder: plain('Reassign', 150) },
    ],
  });
  const text = truncate(
    `Follow-up due: slip #${reminder.slipId} ${escapeMrkdwn(reminder.categoryName)}${reminder.guestRef ? ` · ${escapeMrkdwn(reminder.guestRef)}` : ''}`,
    LIMITS.fallbackText,
  );
  return { text, blocks };
}

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(label, LIMITS.buttonText),
    value,
    ...(style ? { style } : {}),
  };
}

/** The reminder after someone answered it: collapsed to what was recorded. */
export function renderReminderAnswered(reminder: ReminderView, what: string, by: string): SlackMessage {
  return {
    text: truncate(`Follow-up for slip #${reminder.slipId}: ${escapeMrkdwn(what)}`, LIMITS.fallbackText),
    blocks: [
      {
        type: 'section',
        text: md(
          `:white_check_mark: Follow-up for slip #${reminder.slipId}${reminder.guestRef ? ` · ${escapeMrkdwn(reminder.guestRef)}` : ''}: *${escapeMrkdwn(what)}* — ${mention(by)}`,
        ),
      },
    ],
  };
}
