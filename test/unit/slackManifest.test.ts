import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { BOT_SCOPES } from '../../src/platforms/slack/app';
import { ACTION_IDS } from '../../src/platforms/slack/blocks/recoveryCard';
import { SHORTCUT_ID } from '../../src/platforms/slack/listeners/messageShortcut';

const SCHEMAS = resolve(__dirname, '../../../shared/data/schemas');
const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../manifest.json'), 'utf8'));
const haveSchemas = existsSync(join(SCHEMAS, 'slack-manifest.schema.json'));
if (!haveSchemas) console.log(`skipping Slack manifest schema validation: ${SCHEMAS} not found`);

describe('manifest.json (Slack app manifest)', () => {
  (haveSchemas ? it : it.skip)('validates against the Slack manifest schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const v1 = JSON.parse(readFileSync(join(SCHEMAS, 'slack-manifest.schema.1.0.0.json'), 'utf8'));
    const v2 = JSON.parse(readFileSync(join(SCHEMAS, 'slack-manifest.schema.2.0.0.json'), 'utf8'));
    ajv.addSchema(
      v1,
      'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json',
    );
    ajv.addSchema(
      v2,
      'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json',
    );
    const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'slack-manifest.schema.json'), 'utf8')));
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const invalid = JSON.parse(readFileSync(join(SCHEMAS, 'slack-manifest.v2.invalid.example.json'), 'utf8'));
    expect(validate(invalid)).toBe(false);
  });

  it('declares what the code uses, with minimal scopes', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/recover']);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: SHORTCUT_ID }),
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(
      [
        'app_home_opened',
        'app_uninstalled',
        'message.channels',
        'message.groups',
        'reaction_added',
        'tokens_revoked',
      ].sort(),
    );
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url])
      expect(url).toMatch(/\/slack\/events$/);
    expect(Object.values(ACTION_IDS).every((id) => id.startsWith('rc_'))).toBe(true);
  });
});
