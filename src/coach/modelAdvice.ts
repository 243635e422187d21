import { z } from 'zod';
import { AppError } from '../errors';
import { activeCategories, maxSeverity, type Playbook, type Role, SEVERITIES } from '../playbook/schema';
import type { Advice, SuggestInput } from './advice';
import { findGuestRef, type GuestRef } from './guestRef';
import { suggestByRules } from './rulesAdvice';

const MAX_LINE = 240;
const MAX_LINES = 3;

/**
 * What a model must answer, as a zod schema built from this playbook: the category is one of its ids, gestures are
 * its labels, and nothing else is accepted (a strict object, so an extra field fails the parse). Optional fields
 * are nullable rather than absent, which structured outputs require.
 */
export function modelOutputSchema(playbook: Playbook) {
  const categories = activeCategories(playbook).map((c) => c.id);
  const labels = [...new Set(activeCategories(playbook).flatMap((c) => c.gestures.map((g) => g.label)))];
  const lines = z.array(z.string().max(400)).min(1).max(MAX_LINES);
  return z.strictObject({
    is_slip: z.boolean(),
    category: z.enum(categories as [string, ...string[]]),
    severity: z.enum(SEVERITIES),
    acknowledge: lines,
    correct: lines,
    connect: lines,
    gestures: labels.length > 0 ? z.array(z.enum(labels as [string, ...string[]])).max(5) : z.array(z.string()).max(0),
    guest_ref: z.string().max(80).nullable(),
  });
}

export type ModelOutput = z.infer<ReturnType<typeof modelOutputSchema>>;

/** What a model reads: the playbook, who is asking, and the (PII-redacted) staff message. */
export interface ModelInput {
  playbook: Playbook;
  role: Role;
  text: string;
  earlierForGuest: number;
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ModelReading {
  output: ModelOutput;
  usage?: ModelUsage;
}

/** A model that reads a staff message against the playbook (OpenAI, or any compatible server). */
export interface ModelCoach {
  readonly model: string;
  /** Fails with an AppError whose code is one of the LLM_* codes. */
  read(input: ModelInput, options?: { signal?: AbortSignal }): Promise<ModelReading>;
}

/**
 * Turns a model's answer into the card's advice, inside the playbook whatever the model said: the rules engine's
 * advice for the model's category is the frame (escalation, approvals, follow-up timing, checklist), severity is
 * never below what the rules found, gestures are only the category's own that the reporter may give (their cost
 * from the playbook, so no amount the model writes can reach the card), and every line is plain text with no
 * mentions or links. A safety or property slip the rules found stays in its manager-owned category.
 */
export function adviceFromModel(output: ModelOutput, input: SuggestInput): { advice: Advice; guestRef?: GuestRef } {
  const { playbook } = input;
  const rulesCategory = playbook.categories.find((c) => c.id === input.detection.categoryId);
  const modelCategory = activeCategories(playbook).find((c) => c.id === output.category);
  if (!modelCategory) throw new AppError('LLM_SCHEMA', `the model chose a category the playbook does not have`);
  const category = rulesCategory?.owner === 'manager' ? rulesCategory : modelCategory;
  const severity = maxSeverity(input.detection.severity, output.severity);
  const frame = suggestByRules({ ...input, detection: { ...input.detection, categoryId: category.id, severity } });
  const chosen = new Set(category === modelCategory ? output.gestures : []);
  const allowed = frame.gestures.filter((g) => chosen.has(g.label));
  const repeatNotes = frame.correct.filter((line) => !category.correct.includes(line));
  const advice: Advice = {
    ...frame,
    acknowledge: tailored(output.acknowledge, category.acknowledge),
    correct: [...tailored(output.correct, category.correct), ...repeatNotes],
    connect: tailored(output.connect, category.connect),
    gestures: allowed.length > 0 || output.gestures.length > 0 ? allowed : frame.gestures,
    engine: 'openai',
  };
  return { advice, guestRef: input.guestRef ? undefined : guestNamed(output.guest_ref, input.text) };
}

/** The model's lines, made safe; the playbook's own when none survive. */
function tailored(lines: string[], playbookLines: string[]): string[] {
  const safe = lines.map(plainLine).filter((line) => line.length > 0);
  return safe.length > 0 ? safe.slice(0, MAX_LINES) : [...playbookLines];
}

/**
 * One line of model text as plain words: no Slack/Teams tokens (<!channel>, <@U1>, <at>…</at>), no @mentions,
 * no links or markdown, no money amounts, collapsed and cut.
 */
export function plainLine(text: string): string {
  const cleaned = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\b[\w.-]+\.(?:com|net|org|io|co|ly|gg|me|app|dev)(?:\/\S*)?/gi, ' ')
    .replace(/(^|\s)@\S+/g, '$1')
    .replace(/[$€£¥]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:dollars|euros|pounds|usd|eur|gbp)\b/gi, ' ')
    .replace(/[*_~`#>|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_LINE ? `${cleaned.slice(0, MAX_LINE - 1)}…` : cleaned;
}

/** The guest as the model named them, kept only when the message itself says it (never invented). */
function guestNamed(named: string | null, message: string): GuestRef | undefined {
  if (!named) return undefined;
  const found = findGuestRef(named);
  if (!found) return undefined;
  return message.toLowerCase().includes(named.trim().toLowerCase()) ? found : undefined;
}
