import { createHash } from 'node:crypto';
import type { SuggestInput } from '../coach/advice';
import type { Coach } from '../coach/coach';
import type { Detection } from '../coach/detector';
import { adviceFromModel, type ModelCoach, type ModelOutput, type ModelUsage } from '../coach/modelAdvice';
import { normalizeForDetection } from '../coach/normalize';
import { redactText } from '../coach/redact';
import { AppError, type ErrorLogger, toAppError } from '../errors';
import type { Playbook } from '../playbook/schema';
import { type IncomingMessage, type PlaybookSource, playbookCacheKey } from './ports';
import type { ReportOptions, ReportResult, SlipService } from './service';
import type { Slip } from './slip';
import type { SlipStore } from './store';

/** Per-workspace model settings, the answer cache and token usage (Redis in production). */
export interface TailoringStore {
  /** The workspace's switch; undefined when never set (the deployment's default applies). */
  enabled(tenant: string): Promise<boolean | undefined>;
  setEnabled(tenant: string, on: boolean): Promise<void>;
  cached(tenant: string, key: string): Promise<ModelOutput | undefined>;
  cache(tenant: string, key: string, output: ModelOutput): Promise<void>;
  recordUsage(tenant: string, usage: ModelUsage & { calls: number }, at: number): Promise<void>;
  usage(tenant: string, month: string): Promise<ModelUsage & { calls: number }>;
}

/** How a tailoring attempt ended: ok, cache_hit, off, late, or an LLM_* error code. Counted in metrics. */
export type TailoringOutcome = 'ok' | 'cache_hit' | 'off' | 'late' | 'not_a_slip' | string;

export interface TailoringOptions {
  model: ModelCoach;
  store: TailoringStore;
  slips: SlipStore;
  playbooks: PlaybookSource;
  service: SlipService;
  coach: Coach;
  log: ErrorLogger & { info(obj: Record<string, unknown>, msg?: string): void };
  /** The whole attempt (cache, model, retries) must end within this, or the rules card stays. */
  timeoutMs: number;
  /** Ask the model about messages the detector found borderline. */
  borderline: boolean;
  /** Whether a workspace that never used the switch has the model on. @defaultValue true */
  defaultOn?: boolean;
  count?: (outcome: TailoringOutcome) => void;
  clock?: () => number;
}

/** A message at least this confident but below the threshold is borderline, when the deployment asks. */
const BORDERLINE_FLOOR = 0.3;

/**
 * The model's part, always after the rules: the rules card is posted first, then `tailor` asks the model (or the
 * cache) and, only when the answer arrives before the deadline, replaces the slip's advice so the platform can
 * update the card in place. Every failure leaves the rules card as it is, logged with its code and counted.
 */
export class TailoringService {
  private readonly clock: () => number;

  constructor(private readonly options: TailoringOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get model(): string {
    return this.options.model.model;
  }

  async isOn(tenant: string): Promise<boolean> {
    return (await this.options.store.enabled(tenant)) ?? this.options.defaultOn ?? true;
  }

  setOn(tenant: string, on: boolean): Promise<void> {
    return this.options.store.setEnabled(tenant, on);
  }

  /** This month's calls and tokens for the workspace (UTC month). */
  usage(tenant: string, at = this.clock()): Promise<ModelUsage & { calls: number }> {
    return this.options.store.usage(tenant, new Date(at).toISOString().slice(0, 7));
  }

  /**
   * The slip with the model's advice, or undefined when the rules card should stay (off, too late, any failure,
   * or the slip's advice is no longer the rules engine's).
   */
  async tailor(slip: Slip): Promise<Slip | undefined> {
    const deadline = this.clock() + this.options.timeoutMs;
    const where = { tenant: slip.tenant, slipId: slip.id };
    try {
      if (slip.advice.engine !== 'rules' || !(await this.isOn(slip.tenant))) return this.done('off', where);
      const current = await this.options.playbooks.current(slip.tenant);
      const input = await this.inputFor(slip, current.playbook, playbookCacheKey(slip.tenant, current));
      const key = cacheKey(current.version, input);
      const cached = await this.options.store.cached(slip.tenant, key);
      // an entry cached before answers were redacted is redacted on its way out too
      const output = cached ? redactOutput(cached) : await this.ask(slip.tenant, input, deadline, key);
      if (!output.is_slip) return this.done('not_a_slip', where);
      const { advice, guestRef } = adviceFromModel(output, input);
      // an answer after the deadline is dropped: the card must not change under someone already using it
      if (this.clock() > deadline) return this.done('late', where);
      let updated = await this.options.slips.update(slip.tenant, slip.id, (s) =>
        s.advice.engine === 'rules'
          ? { ...s, advice, categoryId: advice.categoryId, severity: advice.severity, guestRef: s.guestRef ?? guestRef }
          : s,
      );
      if (advice.escalate && !updated.escalated && !slip.advice.escalate)
        updated = await this.options.service.act(slip.tenant, slip.id, 'recovery-coach', {
          kind: 'escalate',
          reason: advice.escalationReasons.join('; '),
        });
      this.done(cached ? 'cache_hit' : 'ok', where);
      return updated;
    } catch (error) {
      return this.failed(error, where);
    }
  }

  /**
   * True when the deployment asks the model about borderline messages and this one is: the rules saw some sign of
   * a slip but not enough, or the message is about a named guest ("T6 is not thrilled with the risotto") and the
   * rules found nothing. Plain team chatter names no guest and is never sent.
   */
  isBorderline(detection: Detection | undefined): boolean {
    if (!this.options.borderline || !detection || detection.isSlip) return false;
    return detection.confidence >= BORDERLINE_FLOOR || detection.guestRef !== undefined;
  }

  /**
   * Asks the model whether a borderline message is a slip after all. Returns the options to log it with (its
   * category and severity) or undefined: off, not a slip, or any failure (the rules said no, and that stands).
   */
  async judge(message: IncomingMessage, detection: Detection): Promise<ReportOptions | undefined> {
    const deadline = this.clock() + this.options.timeoutMs;
    const where = { tenant: message.tenant };
    try {
      if (!(await this.isOn(message.tenant))) return undefined;
      const current = await this.options.playbooks.current(message.tenant);
      const role = await this.options.service.roleOf(message.tenant, message.user, current.playbook);
      const reading = this.options.coach.read(
        message.text,
        current.playbook,
        playbookCacheKey(message.tenant, current),
      );
      const input = { playbook: current.playbook, role, text: reading.text, earlierForGuest: 0 };
      const output = await this.ask(message.tenant, input, deadline);
      if (!output.is_slip) return this.done('not_a_slip', where);
      const severity = output.severity;
      // cached under the key the card's tailoring will look up, so the card is tailored at once
      const suggest: SuggestInput = {
        ...input,
        detection: { ...detection, isSlip: true, categoryId: output.category, severity },
      };
      await this.options.store.cache(message.tenant, cacheKey(current.version, suggest), output);
      this.done('borderline_slip', where);
      return { force: true, categoryId: output.category, severity };
    } catch (error) {
      return this.failed(error, where);
    }
  }

  private async ask(
    tenant: string,
    input: { playbook: Playbook; role: SuggestInput['role']; text: string; earlierForGuest: number },
    deadline: number,
    key?: string,
  ): Promise<ModelOutput> {
    const remaining = deadline - this.clock();
    if (remaining <= 0) throw new AppError('LLM_TIMEOUT', 'no time left for the model');
    const reading = await this.options.model.read(input, { signal: AbortSignal.timeout(remaining) });
    const at = this.clock();
    if (reading.usage)
      await this.options.store.recordUsage(tenant, { ...reading.usage, calls: 1 }, at).catch(() => undefined);
    const output = redactOutput(reading.output);
    if (key) await this.options.store.cache(tenant, key, output).catch(() => undefined);
    return output;
  }

  private async inputFor(slip: Slip, playbook: Playbook, playbookKey: string): Promise<SuggestInput> {
    // the detector's own reading of the stored (redacted) text: the severity before any repeat-guest raise
    const detection = this.options.coach.read(slip.text, playbook, playbookKey).detection;
    const role = await this.options.service.roleOf(slip.tenant, slip.reporter, playbook);
    return {
      text: slip.text,
      detection: {
        ...detection,
        isSlip: true,
        categoryId: slip.categoryId,
        severity: detection.isSlip ? detection.severity : slip.severity,
      },
      playbook,
      role,
      earlierForGuest: slip.repeatOf.length,
      guestRef: slip.guestRef,
    };
  }

  private done(outcome: TailoringOutcome, where: Record<string, unknown>): undefined {
    this.options.count?.(outcome);
    if (outcome !== 'off') this.options.log.info({ ...where, outcome }, 'model tailoring');
    return undefined;
  }

  private failed(error: unknown, where: Record<string, unknown>): undefined {
    const appError = toAppError(error);
    this.options.count?.(appError.code);
    this.options.log.warn(
      { ...where, code: appError.code, err: appError.message },
      'model tailoring fell back to the rules',
    );
    return undefined;
  }
}

/**
 * A watched channel's message, read by the rules and, when the deployment asks, by the model too if the rules
 * found it borderline (the model may find a slip the rules missed; its "no" or any failure leaves it alone).
 */
export async function readChannelMessage(
  service: SlipService,
  tailoring: TailoringService | undefined,
  message: IncomingMessage,
): Promise<ReportResult> {
  const result = await service.onChannelMessage(message);
  if (result.kind !== 'ignored' || result.reason !== 'not_a_slip' || !tailoring?.isBorderline(result.detection))
    return result;
  const options = await tailoring.judge(message, result.detection!);
  return options ? service.report(message, options) : result;
}

/**
 * A model's answer with its free text through the one redaction step, before it is cached, stored or shown: a model
 * can write guest data (a card number, an address, a phone it was never sent, or invented) and invisible or bidi
 * characters, which the card's plain-line rules do not remove. Redacting first also keeps a partly stripped address
 * ("jöse@exä") from surviving them.
 */
function redactOutput(output: ModelOutput): ModelOutput {
  const lines = (list: string[]) => list.map(redactText);
  return {
    ...output,
    acknowledge: lines(output.acknowledge),
    correct: lines(output.correct),
    connect: lines(output.connect),
    guest_ref: output.guest_ref === null ? null : redactText(output.guest_ref),
  };
}

/** One cache entry per playbook version, role, repeat count, category and normalised message. */
function cacheKey(version: number, input: SuggestInput): string {
  const text = normalizeForDetection(input.text).toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([version, input.role.id, input.earlierForGuest, input.detection.categoryId, text].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
