import { DateTime } from 'luxon';
import { clockLine } from '../../../clock/words';
import { describeDue } from '../../../followups/timing';
import { FORM_LIMITS } from '../../../slips/stepForms';
import { plainText } from '../../../views/escape';
import {
  CARD_ACTION_LABELS,
  type CardAction,
  type RecoveryCardView,
  SEVERITY_LABEL,
} from '../../../views/recoveryCard';
import { teamsStyle } from '../style';
import {
  type Action,
  type ActionData,
  type AdaptiveCard,
  card,
  clock,
  type Element,
  execute,
  facts,
  heading,
  line,
  type People,
  quote,
  type RichTextBlock,
  type ShowCardAction,
  showCard,
} from './elements';

/** The verb of each card button (Action.Execute), as the invoke handler reads it back. */
export const CARD_VERBS: Record<CardAction, string> = {
  acknowledge: 'rc.acknowledge',
  correct: 'rc.correct',
  connect: 'rc.connect',
  followup: 'rc.followup',
  escalate: 'rc.escalate',
  recategorize: 'rc.recategorize',
  dismiss: 'rc.dismiss',
  close: 'rc.close',
  reopen: 'rc.reopen',
};

/** The clock's words in a card: plain text, no people named. */
const TEAMS_CLOCK_STYLE = teamsStyle(() => undefined);

const SEVERITY_COLOR = { low: 'Good', medium: 'Warning', high: 'Attention', critical: 'Attention' } as const;

export interface CardOptions {
  now: number;
  people: People;
  /** Shown above the card after a refused button press ("Only managers can…"), so the person sees why. */
  problem?: string;
  /** A button under the problem: what the person can do instead ("Ask a shift lead / manager"). */
  remedy?: Action;
  /** The follow-up form's default time (the playbook's timing from now). */
  defaultFollowUpAt?: number;
}

/** The recovery card as an Adaptive Card 1.5, from the same view model as Slack's Block Kit card. */
export function renderRecoveryCard(view: RecoveryCardView, options: CardOptions): { text: string; card: AdaptiveCard } {
  const who = options.people;
  const title = [view.categoryName, view.guestRef, SEVERITY_LABEL[view.severity]].filter(Boolean).join(' · ');
  // the notification text is sent with textFormat plain; invisible characters still go
  const text = plainText(`${view.slipId ? `Slip #${view.slipId}: ` : ''}${title}`);
  const body: Element[] = [];
  if (options.problem) body.push({ ...quote(options.problem), separator: false });
  if (options.remedy) body.push({ type: 'ActionSet', actions: [options.remedy], spacing: 'Small' });
  if (options.problem) body.push({ type: 'TextBlock', text: ' ', spacing: 'None' });
  body.push({
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: 'stretch', items: [line([{ bold: title }])] },
      {
        type: 'Column',
        width: 'auto',
        items: [
          {
            type: 'TextBlock',
            text: SEVERITY_LABEL[view.severity],
            color: SEVERITY_COLOR[view.severity],
            weight: 'Bolder',
          },
        ],
      },
    ],
  });
  body.push(quote(`“${view.quote}”`, { italic: true }));
  body.push(
    line([
      {
        subtle: `Reported by ${who(view.reporter)}${view.owner !== view.reporter ? ` · owner ${who(view.owner)}` : ''}`,
      },
    ]),
  );
  if (view.collapsed) {
    body.push(heading(view.status === 'dismissed' ? 'Marked not a slip' : 'Closed', { size: 'Medium' }));
    if (view.lastEvent) body.push(line([{ subtle: lastEvent(view, options) }]));
    return { text, card: card(body, actionsOf(view, options)) };
  }
  const clockWords = view.clock && clockLine(view.clock, options.now, TEAMS_CLOCK_STYLE);
  if (clockWords) body.push(line([{ subtle: `⏱ ${clockWords}` }]));
  if (view.repeat) body.push(heading('Repeat guest: this guest has had a slip already.', { color: 'Warning' }));
  view.steps.forEach((step, i) => {
    const marker = view.nextStep === step.key ? '▶ ' : '';
    const done = step.done
      ? ` ✓ ${who(step.done.by)} ${clock(step.done.at, view.timezone)}${step.done.detail ? ` (${step.done.detail})` : ''}`
      : '';
    body.push({ ...line([{ bold: `${marker}${i + 1}. ${step.title}` }, done]), spacing: 'Medium' });
    for (const text of step.lines) body.push({ ...quote(`• ${text}`), spacing: 'None' });
  });
  const rows: Array<[string, string]> = [];
  if (view.managerOwned) rows.push(['Procedure', 'Manager-owned: no comps, follow the checklist']);
  if (view.gestures.length > 0) rows.push(['You may offer', view.gestures.join('; ')]);
  if (view.needsApproval.length > 0) rows.push(['Needs approval', view.needsApproval.join('; ')]);
  rows.push(['Follow-up', followUpText(view, options.now)]);
  body.push({ ...facts(rows), spacing: 'Medium' });
  if (view.escalation) {
    body.push(
      heading(view.escalation.escalated ? 'Escalated to a manager' : 'Needs a manager', { color: 'Attention' }),
      quote(view.escalation.reasons.join('; ') || 'requested'),
      ...view.escalation.checklist.map((item): RichTextBlock => ({ ...quote(`☐ ${item}`), spacing: 'None' })),
    );
  }
  if (view.lastEvent) body.push(line([{ subtle: lastEvent(view, options) }]));
  body.push(line([{ subtle: view.engine === 'openai' ? 'Tailored by AI from your playbook' : 'From your playbook' }]));
  return { text, card: card(body, actionsOf(view, options)) };
}

function actionsOf(view: RecoveryCardView, options: CardOptions): Action[] {
  const data = { slipId: view.slipId };
  // the category picker is drawn in the card: without the playbook's categories there is nothing to pick from
  const actions = view.actions.filter((a) => a !== 'recategorize' || view.categories.length > 1);
  return actions.map((action) => {
    if (action === 'correct') return correctForm(view, data);
    if (action === 'followup') return followUpForm(view, data, options);
    if (action === 'recategorize') return recategorizeForm(view, data);
    return execute(
      CARD_ACTION_LABELS[action],
      CARD_VERBS[action],
      data,
      action === view.nextStep ? 'positive' : undefined,
    );
  });
}

/** "Corrected…": what was done, the gesture (only those the reporter may give) and its cost, in the card itself. */
function correctForm(view: RecoveryCardView, data: ActionData): ShowCardAction {
  const choices = [...view.gestures.map((g) => ({ title: g, value: g })), { title: 'No gesture', value: '' }];
  return showCard(
    CARD_ACTION_LABELS.correct,
    [
      {
        type: 'Input.Text',
        id: 'fix',
        label: 'What did you do to fix it?',
        isMultiline: true,
        maxLength: FORM_LIMITS.fix,
      },
      ...(view.managerOwned
        ? []
        : ([
            { type: 'Input.ChoiceSet', id: 'gesture', label: 'Gesture', choices, value: '', style: 'compact' },
            { type: 'Input.Number', id: 'cost', label: `Cost (${view.currency})`, min: 0 },
          ] satisfies Element[])),
    ],
    [execute('Save', CARD_VERBS.correct, data, 'positive')],
  );
}

/** "Wrong category?": the playbook's categories in the card itself, the current one chosen. */
function recategorizeForm(view: RecoveryCardView, data: ActionData): ShowCardAction {
  return showCard(
    CARD_ACTION_LABELS.recategorize,
    [
      {
        type: 'Input.ChoiceSet',
        id: 'category',
        label: 'The right category (I learn from it for messages like this one)',
        choices: view.categories.map((c) => ({ title: c.name, value: c.id })),
        value: view.categoryId,
        style: 'compact',
        isRequired: true,
        errorMessage: 'Pick the right category',
      },
    ],
    [execute('Move it', CARD_VERBS.recategorize, data, 'positive')],
  );
}

function followUpForm(view: RecoveryCardView, data: ActionData, options: CardOptions): ShowCardAction {
  const at = DateTime.fromMillis(view.followUp?.dueAt ?? options.defaultFollowUpAt ?? options.now + 15 * 60_000, {
    zone: view.timezone,
  });
  return showCard(
    CARD_ACTION_LABELS.followup,
    [
      {
        type: 'Input.Date',
        id: 'date',
        label: `Day (${view.timezone})`,
        value: at.toFormat('yyyy-LL-dd'),
        isRequired: true,
        errorMessage: 'Pick a day',
      },
      {
        type: 'Input.Time',
        id: 'time',
        label: 'Time',
        value: at.toFormat('HH:mm'),
        isRequired: true,
        errorMessage: 'Pick a time',
      },
      { type: 'Input.Text', id: 'promise', label: 'What did you promise the guest?', maxLength: FORM_LIMITS.promise },
    ],
    [execute('Schedule', CARD_VERBS.followup, data, 'positive')],
  );
}

function followUpText(view: RecoveryCardView, now: number): string {
  const f = view.followUp;
  if (!f) return view.followUpTiming === 'none' ? 'none' : `${view.followUpTiming} (scheduled when you record the fix)`;
  if (f.status === 'done') return `done (${(f.outcome ?? '').replace('_', ' ')})`;
  if (f.status === 'cancelled') return 'cancelled';
  return `${describeDue(f.dueAt, now, view.timezone)} (${clock(f.dueAt, view.timezone)})`;
}

function lastEvent(view: RecoveryCardView, options: CardOptions): string {
  const event = view.lastEvent!;
  return `${options.people(event.by)} ${event.text} at ${clock(event.at, view.timezone)}`;
}
