import { Coach } from '../../src/coach/coach';
import { defaultPlaybook } from '../../src/playbook/load';
import type { Playbook } from '../../src/playbook/schema';
import { StaticPlaybookSource } from '../../src/playbook/store';
import type { IncomingMessage } from '../../src/slips/ports';
import { SlipService, type SlipServiceOptions } from '../../src/slips/service';
import type { SlipStore } from '../../src/slips/store';
import { MemorySlipStore } from './memorySlipStore';

/** A manual clock for tests: starts at a fixed instant and moves only when told. */
export function manualClock(start = Date.UTC(2026, 10, 22, 18, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

let coach: Coach | undefined;
/** One coach per test file: compiling the default playbook takes a few hundred ms. */
export function sharedCoach(): Coach {
  coach ??= new Coach();
  return coach;
}

export function message(text: string, overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    tenant: 'test-tenant',
    platform: 'shell',
    channel: 'C1',
    messageRef: `m${Math.random().toString(36).slice(2)}`,
    user: 'alex',
    text,
    ...overrides,
  };
}

export function serviceWith(options: Partial<SlipServiceOptions> & { playbook?: Playbook } = {}): {
  service: SlipService;
  slips: SlipStore;
} {
  const slips = options.slips ?? new MemorySlipStore();
  const service = new SlipService({
    coach: sharedCoach(),
    playbooks: options.playbooks ?? new StaticPlaybookSource(options.playbook ?? defaultPlaybook()),
    ...options,
    slips,
  });
  return { service, slips };
}
