import { SEVERITIES, type Severity } from '../../../playbook/schema';
import { FORM_LIMITS } from '../../../slips/stepForms';
import { type AdaptiveCard, card, cut, heading, line } from './elements';

/** What the "Recover from this message" form shows: the detector's reading of the message, all of it editable. */
export interface RecoverFormInput {
  text: string;
  guestRef?: string;
  categoryId?: string;
  severity?: Severity;
  categories: Array<{ id: string; name: string }>;
  /** The "private" tick, kept when the form comes back refused. */
  private?: boolean;
  /** Why the last submit was refused (shown on top; what was typed stays in the fields). */
  problem?: string;
}

/**
 * The dialog "Recover from this message" opens: the Teams twin of Slack's /recover modal, filled in from the message
 * and the detector. Action.Submit is what a dialog's card submits with (it becomes composeExtension/submitAction).
 */
export function recoverForm(input: RecoverFormInput): AdaptiveCard {
  return card(
    [
      heading('Log a guest slip from this message', { size: 'Medium' }),
      ...(input.problem ? [line([{ bold: `⚠ ${input.problem}` }])] : []),
      {
        type: 'Input.Text',
        id: 'text',
        label: 'What happened',
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Tell me what happened',
        maxLength: FORM_LIMITS.text,
        value: cut(input.text, FORM_LIMITS.text),
      },
      {
        type: 'Input.Text',
        id: 'guest',
        label: 'Guest (table, room, name)',
        maxLength: FORM_LIMITS.guest,
        value: input.guestRef ?? '',
        placeholder: 'e.g. T12, rm 405, the Hendersons',
      },
      {
        type: 'Input.ChoiceSet',
        id: 'category',
        label: 'What kind of slip',
        style: 'compact',
        value: input.categoryId ?? '',
        choices: input.categories.map((c) => ({ title: c.name, value: c.id })),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'severity',
        label: 'How serious',
        style: 'compact',
        value: input.severity ?? 'medium',
        choices: SEVERITIES.map((s) => ({ title: s[0]!.toUpperCase() + s.slice(1), value: s })),
      },
      {
        type: 'Input.Toggle',
        id: 'private',
        label: 'Private?',
        title: 'Keep this slip private: only you and the managers see it, by chat (never in the channel)',
        value: input.private ? 'true' : 'false',
        valueOn: 'true',
        valueOff: 'false',
      },
    ],
    [{ type: 'Action.Submit', title: 'Log slip and post the card', style: 'positive' }],
  );
}
