import { render, said } from '../../../conversation/catalogue';
import { PLAIN_STYLE } from '../../../conversation/style';
import { type ReminderView, SNOOZE_CHOICES } from '../../../followups/reminder';
import { plainText } from '../../../views/escape';
import { type AdaptiveCard, card, clock, execute, heading, line, type People, quote, showCard } from './elements';

export const REMINDER_VERBS = {
  recovered: 'rc.fu.recovered',
  unhappy: 'rc.fu.unhappy',
  unreachable: 'rc.fu.unreachable',
  snooze: 'rc.fu.snooze',
  take: 'rc.fu.take',
  reassign: 'rc.fu.reassign',
} as const;

/** Most people a reassign picker lists (a Teams message carries about 28 KB; this list stays under 10). */
export const MAX_PICKER_PEOPLE = 100;

/** Someone a follow-up can be handed to: the id the core knows them by, and their name. */
export interface Teammate {
  person: string;
  name: string;
}

/**
 * The follow-up reminder as an Adaptive Card: what happened, what was promised, and the outcome buttons. A reminder
 * handed to the shift on duty has "Take this"; otherwise "Reassign…" picks from `teammates` (people the bot has
 * seen in this tenant: Teams has no people picker a bot can read without Graph permissions).
 */
export function renderReminder(
  reminder: ReminderView,
  people: People,
  teammates: Teammate[] = [],
): { text: string; card: AdaptiveCard } {
  const guest = reminder.guestRef ? ` · ${reminder.guestRef}` : '';
  const title = {
    remind: 'Follow-up due',
    nudge: 'Still waiting on this follow-up',
    handover: 'Follow-up for the shift on duty',
  }[reminder.stage];
  const data = { slipId: reminder.slipId };
  const body = [
    heading(`⏰ ${title}`),
    line([{ bold: `Slip #${reminder.slipId} · ${reminder.categoryName}${guest}` }]),
    ...(reminder.stage === 'handover'
      ? [line([`${people(reminder.owner)} is off shift: can someone on this shift check on the guest?`])]
      : []),
    quote(`What happened: “${reminder.quote}”`, { italic: true }),
    ...(reminder.promise ? [quote(render(said('promised', { promise: reminder.promise }), PLAIN_STYLE))] : []),
    line([`Check back with the guest now (due ${clock(reminder.dueAt, reminder.timezone)}). How did it go?`]),
  ];
  const actions = [
    execute('Done: guest recovered', REMINDER_VERBS.recovered, data, 'positive'),
    execute('Done: still unhappy', REMINDER_VERBS.unhappy, data, 'destructive'),
    execute("Couldn't reach guest", REMINDER_VERBS.unreachable, data),
    showCard(
      'Snooze…',
      [
        {
          type: 'Input.ChoiceSet',
          id: 'snooze',
          label: 'Remind me again',
          value: SNOOZE_CHOICES[0].id,
          choices: SNOOZE_CHOICES.map((c) => ({ title: c.label, value: c.id })),
        },
      ],
      [execute('Snooze', REMINDER_VERBS.snooze, data)],
    ),
    ...(reminder.stage === 'handover'
      ? [execute('Take this', REMINDER_VERBS.take, data)]
      : reassignAction(reminder, teammates, data)),
  ];
  return {
    text: plainText(`${title}: slip #${reminder.slipId} ${reminder.categoryName}${guest}`),
    card: card(body, actions),
  };
}

/** The reminder after someone answered it: collapsed to what was recorded. */
export function renderReminderAnswered(reminder: ReminderView, what: string, by: string, people: People) {
  const guest = reminder.guestRef ? ` · ${reminder.guestRef}` : '';
  return {
    text: `Follow-up for slip #${reminder.slipId}: ${what}`,
    card: card([line([{ bold: `✅ Follow-up for slip #${reminder.slipId}${guest}: ` }, what, ` (${people(by)})`])]),
  };
}

function reassignAction(reminder: ReminderView, teammates: Teammate[], data: { slipId: string }) {
  const others = teammates
    .filter((t) => t.person !== reminder.owner)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_PICKER_PEOPLE);
  if (others.length === 0) return [];
  return [
    showCard(
      'Reassign…',
      [
        {
          type: 'Input.ChoiceSet',
          id: 'owner',
          label: 'Hand this follow-up to',
          style: 'compact',
          isRequired: true,
          errorMessage: 'Pick someone from the list',
          choices: others.map((t) => ({ title: t.name, value: t.person })),
        },
      ],
      [execute('Reassign', REMINDER_VERBS.reassign, data)],
    ),
  ];
}
