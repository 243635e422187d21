import { categoryToForm } from '../../../src/playbook/forms';
import { cardOf, MANAGER, STAFF, startTeamsTestApp, TEAMS_TENANT, type TeamsTestApp } from '../../helpers/teamsApp';
import { adaptiveCardErrors, haveCardSchema } from '../../helpers/teamsSchemas';

type InvokeBody = { statusCode: number; type: string; value: unknown };

/** The inputs of a card by id, with their values. */
function inputsOf(card: unknown): Record<string, unknown> {
  const body = (card as { body: Array<Record<string, unknown>> }).body;
  return Object.fromEntries(body.filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e.value]));
}

describe('Teams: managers edit the playbook with cards', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({}, { worker: false });
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  const press = async (verb: string, data: Record<string, unknown>, from = MANAGER) => {
    const response = await app.execute(verb, data, { from, conversationId: `a:personal-${from.id}` });
    return (response.json as unknown as InvokeBody).value;
  };
  const current = () => app.web.core.playbooks.current(TEAMS_TENANT);
  const formOf = async (id: string) => {
    const { playbook, version } = await current();
    return { form: categoryToForm(playbook.categories.find((c) => c.id === id)!), version };
  };

  it('"playbook" gives a manager the category list, and staff a refusal', async () => {
    await app.personal('playbook', STAFF);
    const [refused] = await app.fake.waitForSent(1);
    expect(String(refused!.body.text)).toMatch(/manager/i);
    expect(refused!.body.attachments ?? []).toEqual([]);

    app.fake.reset();
    await app.personal('playbook', MANAGER);
    const [menu] = await app.fake.waitForSent(1);
    const card = cardOf(menu!.body);
    if (haveCardSchema) expect(adaptiveCardErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('{"title":"Wrong order","value":"wrong_order"}');
  });

  it('Edit opens the category form filled in; Save makes a new version with a change summary', async () => {
    const { form, version } = await formOf('wrong_order');
    const opened = await press('rc.pb.edit', { category: 'wrong_order', baseVersion: version });
    if (haveCardSchema) expect(adaptiveCardErrors(opened)).toEqual([]);
    expect(inputsOf(opened)).toMatchObject({ name: 'Wrong order', triggers: form.triggers, gestures: form.gestures });

    const gestures = `${form.gestures}\nFree espresso | 1 | 3`;
    const saved = await press('rc.pb.save', { ...form, gestures, categoryId: 'wrong_order', baseVersion: version });
    expect(JSON.stringify(saved)).toContain(`Saved as version ${version + 1}`);
    expect(JSON.stringify(saved)).toContain('Free espresso');
    const after = await current();
    expect(after.version).toBe(version + 1);
    expect(after.playbook.categories.find((c) => c.id === 'wrong_order')!.gestures).toContainEqual({
      label: 'Free espresso',
      tier: 1,
      cost: 3,
    });
  });

  it('a bad line, a stale version or a non-manager saves nothing, and what was typed stays on the card', async () => {
    const { form, version } = await formOf('long_wait');
    const bad = await press('rc.pb.save', {
      ...form,
      gestures: 'Free coffee | nine | x',
      categoryId: 'long_wait',
      baseVersion: version,
    });
    expect(JSON.stringify(bad)).toMatch(/⚠ Gestures[^"]*line 1: write/);
    expect(inputsOf(bad).gestures).toBe('Free coffee | nine | x');

    const stale = await press('rc.pb.save', {
      ...form,
      name: 'Slow mains',
      categoryId: 'long_wait',
      baseVersion: version - 1,
    });
    expect(inputsOf(stale).name).toBe('Slow mains');
    expect(JSON.stringify(stale)).toMatch(/version/i);

    const crafted = await press(
      'rc.pb.save',
      { ...form, name: 'Hacked', categoryId: 'long_wait', baseVersion: version },
      STAFF,
    );
    expect(String(crafted)).toMatch(/manager/i);
    expect((await current()).version).toBe(version);
    expect((await current()).playbook.categories.find((c) => c.id === 'long_wait')!.name).not.toBe('Hacked');
  });

  it('examples that would land in another category are listed with "Save anyway", which saves', async () => {
    const { form, version } = await formOf('noise');
    const examples = `${form.examples}\nT12 got the wrong steak, guest annoyed`;
    const warned = await press('rc.pb.save', { ...form, examples, categoryId: 'noise', baseVersion: version });
    const text = JSON.stringify(warned);
    expect(text).toContain('T12 got the wrong steak, guest annoyed');
    expect(text).toContain('Save anyway');
    expect((await current()).version).toBe(version);

    const saved = await press('rc.pb.save', {
      ...form,
      examples,
      categoryId: 'noise',
      baseVersion: version,
      confirm: true,
    });
    expect(JSON.stringify(saved)).toContain(`Saved as version ${version + 1}`);
  });

  it('a category with a field longer than a card box is not opened (it would be saved cut); the list says why', async () => {
    const { playbook, version } = await current();
    const policy = playbook.categories.find((c) => c.id === 'policy')!;
    const triggers = Array.from({ length: 200 }, (_, i) => `house rule number ${i}`);
    await app.web.core.playbooks.save(
      TEAMS_TENANT,
      { ...playbook, categories: playbook.categories.map((c) => (c.id === 'policy' ? { ...c, triggers } : c)) },
      { expectedVersion: version, author: 'test', summary: 'long triggers' },
    );
    const refused = await press('rc.pb.edit', { category: 'policy', baseVersion: version + 1 });
    expect(JSON.stringify(refused)).toContain(`${policy.name}: its \\"triggers\\" field is longer than`);
    expect(inputsOf(refused)).not.toHaveProperty('triggers');
  });

  it('Roles & venue: a bad role line is shown on its field; a good save changes the comp limit', async () => {
    const { version } = await current();
    const opened = await press('rc.pb.settings', { baseVersion: version });
    if (haveCardSchema) expect(adaptiveCardErrors(opened)).toEqual([]);
    const form = inputsOf(opened) as Record<string, string>;
    expect(form.roles).toMatch(/^server \| [^|]+ \| staff \| 1 \| 15$/m);

    const bad = await press('rc.pb.settings.save', { ...form, roles: 'server | Server | staff', baseVersion: version });
    expect(JSON.stringify(bad)).toMatch(/⚠ Roles[^"]*line 1: write/);
    expect(inputsOf(bad).roles).toBe('server | Server | staff');
    expect((await current()).version).toBe(version);

    const roles = form.roles.replace(/^(server \| [^|]+ \| staff \| 1 \| )15$/m, '$120');
    const saved = await press('rc.pb.settings.save', { ...form, roles, baseVersion: version });
    expect(JSON.stringify(saved)).toContain(`Saved as version ${version + 1}`);
    expect((await current()).playbook.roles.find((r) => r.id === 'server')!.compLimit).toBe(20);
  });

  it('History lists versions with their changes, and Revert makes an older one current as a new version', async () => {
    const before = await current();
    const shown = await press('rc.pb.history', {});
    if (haveCardSchema) expect(adaptiveCardErrors(shown)).toEqual([]);
    const text = JSON.stringify(shown);
    expect(text).toContain(`v${before.version} (current)`);
    expect(text).toContain('Free espresso'); // the summary of an earlier save

    const reverted = await press('rc.pb.revert', { version: '1' });
    expect(JSON.stringify(reverted)).toContain(`Saved as version ${before.version + 1}`);
    expect(JSON.stringify(reverted)).toContain('Reverted to version 1');
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.playbook.categories.find((c) => c.id === 'wrong_order')!.gestures).not.toContainEqual(
      expect.objectContaining({ label: 'Free espresso' }),
    );
    expect(String(await press('rc.pb.revert', { version: 'latest' }))).toBe('Pick a version from the list.');
    expect(String(await press('rc.pb.revert', { version: '1' }, STAFF))).toMatch(/manager/i);
  });

  it('Retire / restore: a retired category stops matching, and comes back the same way', async () => {
    const { version, playbook } = await current();
    const loud = 'rm 512 says the party next door is so loud, guest furious';
    expect(app.web.core.coach.detectorFor(playbook, `noise-${version}`).detect(loud).categoryId).toBe('noise');
    const retired = await press('rc.pb.retire', { category: 'noise', baseVersion: version });
    expect(JSON.stringify(retired)).toContain(`Noise retired (version ${version + 1})`);
    expect(JSON.stringify(retired)).toContain('{"title":"Noise (retired)","value":"noise"}');
    const detector = app.web.core.coach.detectorFor((await current()).playbook, `noise-retired-${version}`);
    expect(detector.detect(loud).categoryId).not.toBe('noise');

    const restored = await press('rc.pb.retire', { category: 'noise', baseVersion: version + 1 });
    expect(JSON.stringify(restored)).toContain(`Noise restored (version ${version + 2})`);
    expect((await current()).playbook.categories.find((c) => c.id === 'noise')!.retired).toBeFalsy();
  });

  it('Add a category saves a new one', async () => {
    const { version } = await current();
    const blank = await press('rc.pb.add', { baseVersion: version });
    if (haveCardSchema) expect(adaptiveCardErrors(blank)).toEqual([]);
    const saved = await press('rc.pb.save', {
      ...(inputsOf(blank) as Record<string, string>),
      name: 'Parking',
      description: 'Valet or car park trouble',
      triggers: 'parking ticket\nvalet scratched',
      examples: 'guest in 12 got a parking ticket in our own lot, furious',
      acknowledge: "I'm so sorry about your car.",
      correct: 'Find the keys or the manager on duty now.',
      connect: 'Walk the guest to their car yourself.',
      baseVersion: version,
    });
    expect(JSON.stringify(saved)).toContain(`Saved as version ${version + 1}`);
    const { playbook } = await current();
    expect(playbook.categories.map((c) => c.name)).toContain('Parking');
  });
});
