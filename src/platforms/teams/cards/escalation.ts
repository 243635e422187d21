import type { EscalationView } from '../../../views/escalation';
import { plainText } from '../../../views/escape';
import { SEVERITY_LABEL } from '../../../views/recoveryCard';
import { type AdaptiveCard, card, heading, line, type People, quote, type RichTextBlock } from './elements';

/** What a manager gets when a slip needs them now: the slip in brief, why, and the checklist. */
export function renderEscalation(alert: EscalationView, people: People): { text: string; card: AdaptiveCard } {
  const guest = alert.guestRef ? ` · ${alert.guestRef}` : '';
  const title = `Needs a manager: slip #${alert.slipId} · ${alert.categoryName}${guest} · ${SEVERITY_LABEL[alert.severity]}`;
  return {
    text: plainText(title),
    card: card([
      heading('🚨 A guest slip needs a manager now', { color: 'Attention' }),
      line([{ bold: `Slip #${alert.slipId} · ${alert.categoryName}${guest} · ${SEVERITY_LABEL[alert.severity]}` }]),
      quote(`“${alert.quote}”`, { italic: true }),
      line([{ subtle: `Reported by ${people(alert.reporter)} · owner ${people(alert.owner)}` }]),
      line([{ bold: 'Why: ' }, alert.reason]),
      ...(alert.managerOwned ? [line([{ bold: 'Manager-owned procedure: ' }, 'no comps, follow the checklist.'])] : []),
      ...alert.checklist.map((item): RichTextBlock => ({ ...quote(`☐ ${item}`), spacing: 'None' })),
    ]),
  };
}
