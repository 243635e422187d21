import { maxSeverity, type Severity } from '../playbook/schema';
import { extractFeatures, type Features } from './features';
import { normalizeForDetection } from './normalize';
import type { RuleEvidence, RulesDetector } from './rulesDetector';
import type { ReadText, Tokenizer } from './tokenizer';
import type { WordVectors } from './wordVectors';

/** Everything the detector reads from one message, computed the same way in training and in production. */
export interface MessageReading {
  normalized: string;
  read: ReadText;
  rules: RuleEvidence;
  features: Features;
}

export function readMessage(
  text: string,
  parts: { tokenizer: Tokenizer; rules: RulesDetector; vectors?: WordVectors },
): MessageReading {
  const normalized = normalizeForDetection(text);
  const read = parts.tokenizer.read?.(normalized) ?? { tokens: parts.tokenizer.tokenize(normalized), sentiment: 0 };
  const rules = parts.rules.evidence(normalized, read.tokens);
  let best = 0;
  for (const score of rules.scores.values()) best = Math.max(best, score);
  let severity: Severity | undefined;
  for (const hit of rules.severityHits) severity = severity ? maxSeverity(severity, hit.level) : hit.level;
  const features = extractFeatures(read, normalized, {
    vectors: parts.vectors,
    rules: {
      best,
      upset: rules.upset,
      negated: rules.negated,
      severity,
      hasGuestRef: rules.detection.guestRef !== undefined,
    },
  });
  return { normalized, read, rules, features };
}
