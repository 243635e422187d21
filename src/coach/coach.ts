import type { Playbook } from '../playbook/schema';
import type { Advice, SuggestInput } from './advice';
import type { Detection } from './detection';
import { Detector } from './detector';
import { sharedSlipModel } from './modelFiles';
import { redact } from './redact';
import { suggestByRules } from './rulesAdvice';
import type { SlipModel } from './slipModel';
import type { Tokenizer } from './tokenizer';
import type { VenueLayer } from './venueLayer';

export interface CoachOptions {
  tokenizer?: Tokenizer;
  /** Minimum detector confidence for a slip. @defaultValue 0.6 */
  threshold?: number;
  /** Compiled playbooks kept in memory (one per tenant and version, a few MB each). @defaultValue 50 */
  cacheSize?: number;
  /** @defaultValue the shipped model in models/, loaded (and checked) when the coach is built */
  model?: SlipModel;
}

export interface Reading {
  /** The message with PII redacted: the only form that is stored or sent anywhere. */
  text: string;
  detection: Detection;
}

/**
 * Redact, detect, advise: the coaching pipeline every platform uses. The rules always advise; a model, when one is
 * configured, comes in through its own port (ModelCoach) and only tailors a card that is already posted.
 */
export class Coach {
  readonly model: SlipModel;
  private readonly detectors = new Map<string, Detector>();
  private readonly options: CoachOptions;

  constructor(options: CoachOptions = {}) {
    this.options = options;
    // loaded now, not on the first message: a missing or damaged model file stops start-up with a clear message
    this.model = options.model ?? sharedSlipModel();
  }

  /**
   * Reads a message against a playbook. `playbookKey` names the playbook version (e.g. "slack-T123@7") so the
   * compiled detector is reused; a changed playbook must come with a new key.
   */
  read(text: string, playbook: Playbook, playbookKey: string, venue?: VenueLayer): Reading {
    const redacted = redact(text).text;
    return { text: redacted, detection: this.detectorFor(playbook, playbookKey, venue).detect(redacted) };
  }

  /** The slip probability a message needs, as this coach reads (the configured one, else the model's own). */
  get threshold(): number {
    return this.options.threshold ?? this.model.file.threshold;
  }

  /** The card's advice from the playbook's rules: always there, at once; a model may tailor it later. */
  advise(input: SuggestInput): Advice {
    return suggestByRules(input);
  }

  /**
   * The detector for a playbook version and, when the venue has taught it, that venue's layer (a new layer version
   * compiles a new detector; the key already names the workspace).
   */
  detectorFor(playbook: Playbook, playbookKey: string, venue?: VenueLayer): Detector {
    const key = venue ? `${playbookKey}#venue${venue.version}` : playbookKey;
    let detector = this.detectors.get(key);
    if (!detector) {
      detector = new Detector(playbook, {
        tokenizer: this.options.tokenizer,
        threshold: this.options.threshold,
        model: this.model,
        venue,
      });
      if (this.detectors.size >= (this.options.cacheSize ?? 50)) {
        this.detectors.delete(this.detectors.keys().next().value!);
      }
      this.detectors.set(key, detector);
    } else {
      // keep recently used entries at the end so the oldest is evicted first
      this.detectors.delete(key);
      this.detectors.set(key, detector);
    }
    return detector;
  }
}
