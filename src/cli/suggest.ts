import { createInterface } from 'node:readline';
import type { Advice } from '../coach/advice';
import type { Coach } from '../coach/coach';
import type { Detection } from '../coach/detector';
import { suggestByRules } from '../coach/rulesAdvice';
import { renderCardText } from '../platforms/shell/render';
import { findRole, type Playbook } from '../playbook/schema';
import type { Slip } from '../slips/slip';
import { buildRecoveryCard } from '../views/recoveryCard';

/** One message assessed offline: the detection and, when it is a slip, the rules engine's advice. */
export interface Assessment {
  text: string;
  detection: Detection;
  advice?: Advice;
}

export function assess(coach: Coach, playbook: Playbook, text: string, roleId?: string): Assessment {
  const reading = coach.read(text, playbook, 'cli');
  if (!reading.detection.isSlip) return { text: reading.text, detection: reading.detection };
  const advice = suggestByRules({
    text: reading.text,
    detection: { ...reading.detection, categoryId: reading.detection.categoryId! },
    playbook,
    role: findRole(playbook, roleId),
    earlierForGuest: 0,
    guestRef: reading.detection.guestRef,
  });
  return { text: reading.text, detection: reading.detection, advice };
}

export function assessmentJson(a: Assessment): Record<string, unknown> {
  const d = a.detection;
  return {
    is_slip: d.isSlip,
    category: d.categoryId ?? null,
    category_name: a.advice?.categoryName ?? null,
    severity: d.isSlip ? (a.advice?.severity ?? d.severity) : null,
    confidence: d.confidence,
    guest_ref: d.guestRef?.text ?? null,
    reasons: d.reasons,
    ...(a.advice
      ? {
          steps: { acknowledge: a.advice.acknowledge, correct: a.advice.correct, connect: a.advice.connect },
          gestures: a.advice.gestures.map((g) => g.label),
          needs_approval: a.advice.needsApproval.map((g) => ({ gesture: g.label, ask: g.askRole })),
          escalate: a.advice.escalate,
          escalation_reasons: a.advice.escalationReasons,
          follow_up: a.advice.followUp,
        }
      : {}),
  };
}

/** The card as the shell shows it, for a message that was never stored. */
export function assessmentText(a: Assessment, playbook: Playbook): string {
  if (!a.advice) {
    const best = a.detection.candidates[0];
    return `Not a slip: I'd stay quiet on this one.${best ? ` (closest: ${best.categoryId} at ${best.score})` : ''}`;
  }
  const now = Date.now();
  const preview: Slip = {
    id: '',
    tenant: 'cli',
    platform: 'shell',
    channel: 'cli',
    messageRef: 'cli',
    threadRef: 'cli',
    reporter: 'you',
    owner: 'you',
    text: a.text,
    categoryId: a.advice.categoryId,
    severity: a.advice.severity,
    confidence: a.detection.confidence,
    guestRef: a.detection.guestRef,
    advice: a.advice,
    status: 'open',
    escalated: false,
    repeatOf: [],
    createdAt: now,
    updatedAt: now,
    version: 0,
    timeline: [],
  };
  const card = renderCardText(buildRecoveryCard(preview, playbook.venue), now, { showHints: false });
  return `${card}\nconfidence ${a.detection.confidence} · ${a.detection.reasons.join('; ')}`;
}

/**
 * Bulk mode: one JSON object per input line ({"text": "…", "role": "server", …}), one result per output line, in
 * order, with the other fields passed through. A bad line yields {"error": …} and the run goes on.
 */
export async function suggestJsonl(
  coach: Coach,
  playbook: Playbook,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<{ lines: number; errors: number }> {
  let lines = 0;
  let errors = 0;
  let buffer = '';
  const flush = async () => {
    if (buffer === '') return;
    const ok = output.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  };
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    lines++;
    buffer += `${JSON.stringify(oneLine(coach, playbook, line, lines, () => errors++))}\n`;
    if (buffer.length > 64 * 1024) await flush();
  }
  await flush();
  return { lines, errors };
}

function oneLine(coach: Coach, playbook: Playbook, line: string, number: number, onError: () => void): object {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    onError();
    return { error: `line ${number}: not valid JSON` };
  }
  if (
    typeof record !== 'object' ||
    record === null ||
    Array.isArray(record) ||
    typeof (record as { text?: unknown }).text !== 'string'
  ) {
    onError();
    return { error: `line ${number}: expected an object with a "text" string` };
  }
  const { text, role, ...rest } = record as { text: string; role?: unknown };
  const a = assess(coach, playbook, text, typeof role === 'string' ? role : undefined);
  const d = a.detection;
  return {
    ...rest,
    is_slip: d.isSlip,
    category: d.categoryId ?? null,
    severity: d.isSlip ? (a.advice?.severity ?? d.severity) : null,
    confidence: d.confidence,
    guest_ref: d.guestRef?.text ?? null,
  };
}
