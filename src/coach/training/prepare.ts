import { defaultPlaybook } from '../../playbook/load';
import type { Playbook } from '../../playbook/schema';
import { readMessage } from '../messageReading';
import { Prototypes } from '../prototypes';
import { RulesDetector } from '../rulesDetector';
import { sharedTokenizer } from '../tokenizer';
import type { WordVectors } from '../wordVectors';
import type { LabelledMessage } from './corpus';
import type { PreparedMessage } from './trainModel';

/** The default playbook with every category active: what the shipped model is trained against. */
export function trainingPlaybook(): Playbook {
  return defaultPlaybook('mixed');
}

/** The category ids the shipped model learns: the default playbook's, less the catch-all. */
export function trainedCategories(playbook = trainingPlaybook()): string[] {
  return playbook.categories.filter((c) => !c.retired && !c.fallback).map((c) => c.id);
}

/** Reads every message once (tokens, rules, features) so folds and heads share the work. */
export function prepareMessages(
  messages: LabelledMessage[],
  vectors: WordVectors | undefined,
  playbook = trainingPlaybook(),
): PreparedMessage[] {
  const parts = { tokenizer: sharedTokenizer(), rules: new RulesDetector(playbook), vectors };
  return messages.map((message) => ({ message, reading: readMessage(message.text, parts) }));
}

/** Each category's description and example messages as prototypes, read the way the detector reads them. */
export function playbookPrototypes(vectors: WordVectors | undefined, playbook = trainingPlaybook()): Prototypes {
  const parts = { tokenizer: sharedTokenizer(), rules: new RulesDetector(playbook), vectors };
  const categories = playbook.categories.filter((c) => !c.retired && !c.fallback);
  return Prototypes.of(categories, (text) => readMessage(text, parts).features.dense);
}
