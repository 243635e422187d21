import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import Ajv4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The shared schemas (../shared/data/schemas): read from there, never copied into the repo. */
export const SCHEMAS = resolve(__dirname, '../../../shared/data/schemas');
const CARD_SCHEMA = join(SCHEMAS, 'adaptive-card.1.5.0.schema.json');
const TEAMS_SCHEMA = join(SCHEMAS, 'MicrosoftTeams.schema.v1.19.json');

export const haveCardSchema = existsSync(CARD_SCHEMA);
export const haveTeamsSchema = existsSync(TEAMS_SCHEMA);

export type Check = (value: unknown) => string[];

function checker(validate: ((value: unknown) => boolean) & { errors?: unknown }): Check {
  return (value) => {
    if (validate(value)) return [];
    return ((validate.errors as Array<{ instancePath: string; message?: string; params?: unknown }>) ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`,
    );
  };
}

let cardCheck: Check | undefined;
/**
 * Errors of a card against the Adaptive Card 1.5 schema ([] when it is valid). The top-level `msteams` object is
 * Teams' documented host extension (width, mention entities), which the generic schema does not list: it is
 * checked here by hand and the rest of the card by the schema.
 */
export function adaptiveCardErrors(card: unknown): string[] {
  const { msteams, ...rest } = card as Record<string, unknown>;
  const host: string[] = [];
  if (msteams !== undefined) {
    const extension = msteams as Record<string, unknown>;
    for (const key of Object.keys(extension))
      if (key !== 'width' && key !== 'entities') host.push(`/msteams unknown host property ${key}`);
    if (extension.width !== undefined && extension.width !== 'Full') host.push('/msteams/width must be "Full"');
  }
  return [...host, ...schemaErrors(rest)];
}

function schemaErrors(card: unknown): string[] {
  if (!cardCheck) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    addFormats(ajv);
    // the published schema names itself with draft-06's old `id`; ajv 8 knows it as `$id`
    const { id, ...schema } = JSON.parse(readFileSync(CARD_SCHEMA, 'utf8')) as Record<string, unknown>;
    cardCheck = checker(ajv.compile({ $id: String(id), ...schema }));
  }
  return cardCheck(card);
}

/** Errors of a Teams app manifest against the v1.19 schema (draft-04). */
export function teamsManifestErrors(manifest: unknown): string[] {
  const ajv = new Ajv4({ strict: false, allErrors: true });
  addFormats(ajv);
  return checker(ajv.compile(JSON.parse(readFileSync(TEAMS_SCHEMA, 'utf8'))))(manifest);
}

if (!haveCardSchema || !haveTeamsSchema)
  console.log(`skipping Teams schema validation: schemas not found in ${SCHEMAS}`);
