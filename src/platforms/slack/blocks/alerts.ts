import { render } from '../../../conversation/catalogue';
import type { EscalationView } from '../../../views/escalation';
import type { Outbound } from '../../../views/outbound';
import { SLACK_STYLE } from '../style';
import { renderHandoff } from './handoff';
import { renderRecoveryCard, SEVERITY_BADGE, type SlackMessage } from './recoveryCard';
import { renderReminder } from './reminder';
import { escapeMrkdwn, humanize, LIMITS, md, mention, plain, truncate } from './text';

/** The DM a manager gets when a slip needs them. */
export function renderEscalation(alert: EscalationView): SlackMessage {
  const title = [
    `:rotating_light: *Slip #${alert.slipId} needs a manager*`,
    escapeMrkdwn(alert.categoryName),
    alert.guestRef && escapeMrkdwn(alert.guestRef),
    SEVERITY_BADGE[alert.severity],
  ]
    .filter(Boolean)
    .join('  ·  ');
  const channel = /^[CGD][A-Z0-9]+$/.test(alert.channel) ? `<#${alert.channel}>` : escapeMrkdwn(alert.channel);
  return {
    text: truncate(`Slip #${alert.slipId} needs a manager: ${escapeMrkdwn(alert.reason)}`, LIMITS.fallbackText),
    blocks: [
      { type: 'section', text: md(title) },
      { type: 'section', text: md(`*Why:* ${escapeMrkdwn(alert.reason)}`) },
      { type: 'context', elements: [plain(`“${humanize(alert.quote)}”`, LIMITS.contextText)] },
      {
        type: 'context',
        elements: [
          md(
            `Reported by ${mention(alert.reporter)} in ${channel} · owner ${mention(alert.owner)}`,
            LIMITS.contextText,
          ),
        ],
      },
      {
        type: 'section',
        text: md(
          `*${alert.managerOwned ? 'Procedure' : 'Checklist'}:*\n${alert.checklist.map((c) => `☐ ${escapeMrkdwn(c)}`).join('\n')}`,
        ),
      },
    ],
  };
}

/**
 * Any outbound view as a Slack message, with any thread replies that belong to it (a big handoff's full list).
 * Undefined: nothing to post (a quiet shift in a channel that asked for silence).
 */
export function renderOutboundWithReplies(
  message: Outbound,
): { message: SlackMessage; replies: SlackMessage[] } | undefined {
  if (message.kind !== 'handoff') return { message: renderOutbound(message), replies: [] };
  const rendered = renderHandoff(message.handoff);
  return rendered ? { message: rendered.message, replies: rendered.fullList ?? [] } : undefined;
}

/** Any outbound view as one Slack message. */
export function renderOutbound(message: Outbound): SlackMessage {
  switch (message.kind) {
    case 'handoff':
      return renderHandoff(message.handoff)?.message ?? { text: 'No guest issues logged this shift.', blocks: [] };
    case 'card':
      return renderRecoveryCard(message.card);
    case 'escalation':
      return renderEscalation(message.alert);
    case 'reminder':
      return renderReminder(message.reminder);
    case 'notice':
      return {
        text: truncate(message.text, LIMITS.fallbackText),
        blocks: [{ type: 'section', text: md(escapeMrkdwn(message.text)) }],
      };
    case 'said': {
      // the catalogue escapes what people wrote; its own marks (mentions, bold) are mrkdwn
      const text = render(message.said, SLACK_STYLE);
      return { text: truncate(text, LIMITS.fallbackText), blocks: [{ type: 'section', text: md(text) }] };
    }
    case 'digest': {
      // posted as a file upload (SlackMessenger); as a plain message it is its words and the chart's alt text
      const text = render(message.digest.text, SLACK_STYLE);
      const alt = render(message.digest.alt, SLACK_STYLE);
      return {
        text: truncate(text, LIMITS.fallbackText),
        blocks: [
          { type: 'section', text: md(truncate(text, LIMITS.sectionText)) },
          { type: 'context', elements: [plain(alt, LIMITS.contextText)] },
        ],
      };
    }
  }
}
