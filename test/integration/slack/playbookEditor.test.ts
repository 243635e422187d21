import { parse } from 'yaml';
import { PLAYBOOK_ACTIONS, PLAYBOOK_MODALS } from '../../../src/platforms/slack/blocks/playbookEditor';
import { type CategoryForm, categoryToForm, settingsToForm } from '../../../src/playbook/forms';
import { MAX_PLAYBOOK_BYTES, parsePlaybookYaml, playbookTooLarge, playbookToYaml } from '../../../src/playbook/load';
import { blockKitProblems } from '../../helpers/blockKit';
import { cardedSlip, MANAGER, type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';

const STAFF = 'U1';
const GROUP_MANAGER = 'UGRP';

type View = { callback_id?: string; private_metadata?: string; blocks: Array<Record<string, unknown>> };

describe('Slack: the playbook editor', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ SLACK_MANAGER_GROUP: 'SMGRS' }, { worker: false });
    app.fake.groupMembers = [GROUP_MANAGER];
    await app.watch('C1');
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  const store = () => app.web.core.playbooks;
  const current = () => store().current(TENANT);

  /** A block_actions payload from App Home (or from a modal), as Slack sends it. */
  function homeAction(
    action: Record<string, unknown>,
    options: { user?: string; team?: string; modalId?: string } = {},
  ): Record<string, unknown> {
    const team = options.team ?? 'T1';
    return {
      type: 'block_actions',
      team: { id: team, domain: 'venue' },
      user: { id: options.user ?? MANAGER, name: 'pat', team_id: team },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
      container: { type: 'view', view_id: options.modalId ?? 'VHOME' },
      view: { id: options.modalId ?? 'VHOME', type: options.modalId ? 'modal' : 'home' },
      actions: [{ block_id: 'b', action_ts: String(Date.now() / 1000), ...action }],
    };
  }

  const button = (actionId: string, value: string) => ({ action_id: actionId, type: 'button', value });
  const overflow = (value: string) => ({
    action_id: PLAYBOOK_ACTIONS.menu,
    type: 'overflow',
    selected_option: { text: { type: 'plain_text', text: value }, value },
  });

  /** Presses an editor button and returns the modal the app opened (or pushed). */
  async function openModal(payload: Record<string, unknown>, method = 'views.open'): Promise<View> {
    await app.interaction(payload);
    const [opened] = await app.fake.waitFor(method);
    app.fake.reset();
    const view = opened!.body.view as View;
    expect(blockKitProblems(view, 'modal')).toEqual([]);
    return view;
  }

  /** A view_submission of a form (each field a plain_text_input or static_select with action_id "value"). */
  function submission(
    view: View,
    form: Partial<Record<string, string>>,
    options: { user?: string; team?: string; extra?: Record<string, unknown> } = {},
  ): Record<string, unknown> {
    const values: Record<string, unknown> = { ...options.extra };
    for (const [field, value] of Object.entries(form)) {
      values[field] =
        field === 'severityDefault' || field === 'venueType' || field === 'escalateAt'
          ? { value: { type: 'static_select', selected_option: { value } } }
          : { value: { type: 'plain_text_input', value } };
    }
    const team = options.team ?? 'T1';
    return {
      type: 'view_submission',
      team: { id: team, domain: 'venue' },
      user: { id: options.user ?? MANAGER, name: 'pat', team_id: team },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
      view: {
        id: 'VMODAL',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values },
      },
    };
  }

  async function editForm(categoryId: string, user = MANAGER): Promise<{ view: View; form: CategoryForm }> {
    const view = await openModal(homeAction(overflow(`edit:${categoryId}`), { user }));
    expect(view.callback_id).toBe(PLAYBOOK_MODALS.category);
    const { playbook } = await current();
    return { view, form: categoryToForm(playbook.categories.find((c) => c.id === categoryId)!) };
  }

  it('shows managers (config or Slack user group) the playbook section with stats; staff never see it', async () => {
    await app.message('T3 got the wrong pasta, guest annoyed');
    await app.fake.waitFor('chat.postMessage');
    app.fake.reset();
    await app.event({ type: 'app_home_opened', user: GROUP_MANAGER, channel: 'D9', tab: 'home', event_ts: '1.1' });
    const [published] = await app.fake.waitFor('views.publish');
    expect(blockKitProblems(published!.body.view as View, 'home')).toEqual([]);
    const home = JSON.stringify(published!.body.view);
    expect(home).toContain('"text":"Playbook"');
    expect(home).toMatch(/\*Wrong order\*[^"]*\\n1 slips this month/);
    expect(home).toContain(PLAYBOOK_ACTIONS.exportYaml);
    await app.event({ type: 'app_home_opened', user: STAFF, channel: 'D1', tab: 'home', event_ts: '1.2' });
    const staffHome = JSON.stringify((await app.fake.waitFor('views.publish', 2))[1]!.body.view);
    expect(staffHome).not.toContain(PLAYBOOK_ACTIONS.menu);
  });

  it('saves a manager edit as a new version with a human diff, live for the next slip', async () => {
    const before = await current();
    const { view, form } = await editForm('wrong_order');
    const saved = await app.interaction(
      submission(view, {
        ...form,
        acknowledge: `That one is on us, we'll put it right straight away.\n${form.acknowledge}`,
        gestures: `${form.gestures}\nFree dessert | 1 | 8`,
      }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toBe('');
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    const [latest] = await store().history(TENANT, 1);
    expect(latest).toMatchObject({ version: after.version, author: MANAGER });
    expect(latest!.summary).toContain("Wrong order: added gesture 'Free dessert (tier 1, 8)'");
    expect(latest!.summary).toContain('Wrong order: changed the acknowledge lines');
    // App Home refreshed for the manager
    await app.fake.waitFor('views.publish');

    const { ts } = await app.message('T14 got the wrong burger, guest annoyed');
    await cardedSlip(app, ts);
    const card = (await app.fake.waitFor('chat.postMessage')).find((c) => c.body.thread_ts === ts)!;
    expect(JSON.stringify(card.body.blocks)).toContain("That one is on us, we'll put it right straight away.");
  });

  it('answers an invalid edit with errors on the right fields and saves nothing', async () => {
    const before = await current();
    const { view, form } = await editForm('long_wait');
    const answer = await app.interaction(
      submission(view, { ...form, name: '', gestures: 'Free dessert | seven | x', followUp: 'whenever you like' }),
    );
    expect(answer.json).toMatchObject({
      response_action: 'errors',
      errors: { gestures: expect.stringContaining('line 1') },
    });
    const second = await app.interaction(submission(view, { ...form, name: '', followUp: 'whenever you like' }));
    expect(second.json!.response_action).toBe('errors');
    const errors = second.json!.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(['followUp', 'name']);
    expect((await current()).version).toBe(before.version);
  });

  it('lists examples that would land in another category, and saves only when told to', async () => {
    const before = await current();
    const { view, form } = await editForm('noise');
    const example = 'the soup was stone cold and the steak overcooked';
    const withStray = { ...form, examples: `${form.examples}\n${example}` };
    const first = await app.interaction(submission(view, withStray));
    expect(first.json!.response_action).toBe('update');
    const listed = first.json!.view as View;
    expect(blockKitProblems(listed, 'modal')).toEqual([]);
    expect(JSON.stringify(listed.blocks)).toContain(example);
    expect((await current()).version).toBe(before.version);
    const anyway = await app.interaction(
      submission(listed, withStray, {
        extra: { confirm: { value: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } } },
      }),
    );
    expect(anyway.body).toBe('');
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.playbook.categories.find((c) => c.id === 'noise')!.examples).toContain(example);
  });

  it('refuses crafted submissions and button presses from non-managers, changing nothing', async () => {
    const before = await current();
    const { view, form } = await editForm('billing');
    const forged = await app.interaction(
      submission(view, { ...form, acknowledge: 'Give everyone a full refund' }, { user: STAFF }),
    );
    expect(forged.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(forged.json)).toContain('Only managers can edit the playbook');
    await app.interaction(homeAction(button(PLAYBOOK_ACTIONS.revert, '1'), { user: STAFF }));
    await app.interaction(homeAction(overflow('retire:billing'), { user: STAFF }));
    await app.interaction(
      homeAction(button(PLAYBOOK_ACTIONS.exportYaml, PLAYBOOK_ACTIONS.exportYaml), { user: STAFF }),
    );
    const notices = await app.fake.waitFor('views.open', 3);
    for (const n of notices) expect(JSON.stringify(n.body.view)).toContain('Only managers can edit the playbook');
    expect(app.fake.callsOf('files.getUploadURLExternal')).toHaveLength(0);
    const after = await current();
    expect(after.version).toBe(before.version);
    expect(after.playbook.categories.find((c) => c.id === 'billing')!.retired).toBe(false);
  });

  it('retires and restores a category: it stops matching, its history stays', async () => {
    const { ts } = await app.message('rm 412 was charged twice for the minibar, guest upset');
    const slip = await cardedSlip(app, ts);
    expect(slip.categoryId).toBe('billing');
    await app.interaction(homeAction(overflow('retire:billing')));
    await app.fake.waitFor('views.publish');
    expect((await current()).playbook.categories.find((c) => c.id === 'billing')!.retired).toBe(true);
    expect((await app.web.core.slips.get(TENANT, slip.id))!.categoryId).toBe('billing');
    const later = await app.message('T8 was charged twice for the wine, guest upset');
    const next = await cardedSlip(app, later.ts);
    expect(next.categoryId).not.toBe('billing');
    await app.interaction(homeAction(overflow('restore:billing')));
    await app.fake.waitFor('views.publish', 2);
    expect((await current()).playbook.categories.find((c) => c.id === 'billing')!.retired).toBe(false);
  });

  it('shows history, pushes a version view from it, and reverts as a new version', async () => {
    const start = await current();
    const { view, form } = await editForm('booking');
    await app.interaction(submission(view, { ...form, description: 'A reservation went wrong.' }));
    const edited = await current();
    expect(edited.version).toBe(start.version + 1);

    const history = await openModal(homeAction(button(PLAYBOOK_ACTIONS.history, PLAYBOOK_ACTIONS.history)));
    expect(JSON.stringify(history.blocks)).toContain('Reservation or booking failure: changed description');
    const shown = await openModal(
      homeAction(button(PLAYBOOK_ACTIONS.view, String(start.version)), { modalId: 'VHIST' }),
      'views.push',
    );
    expect(JSON.stringify(shown.blocks)).toContain('name: Reservation or booking failure');

    await app.interaction(homeAction(button(PLAYBOOK_ACTIONS.revert, String(start.version)), { modalId: 'VHIST' }));
    const [updated] = await app.fake.waitFor('views.update');
    expect(updated!.body.view_id).toBe('VHIST');
    const reverted = await current();
    expect(reverted.version).toBe(edited.version + 1);
    expect(reverted.playbook).toEqual(start.playbook);
    const [meta] = await store().history(TENANT, 1);
    expect(meta!.summary).toMatch(
      new RegExp(`^Reverted to version ${start.version}: Reservation or booking failure: changed description`),
    );
  });

  it('edits role comp limits and venue settings in their own modal, with field errors', async () => {
    const before = await current();
    const modal = await openModal(homeAction(button(PLAYBOOK_ACTIONS.settings, PLAYBOOK_ACTIONS.settings)));
    expect(modal.callback_id).toBe(PLAYBOOK_MODALS.settings);
    const form = settingsToForm(before.playbook);
    const bad = await app.interaction(
      submission(modal, { ...form, timezone: 'Mars/Olympus', repeatWindowHours: 'soon' }),
    );
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { repeatWindowHours: expect.any(String) } });
    const badZone = await app.interaction(submission(modal, { ...form, timezone: 'Mars/Olympus' }));
    expect(badZone.json).toMatchObject({ response_action: 'errors', errors: { timezone: expect.any(String) } });
    expect((await current()).version).toBe(before.version);
    const roles = form.roles.replace(/^(server \| [^|]+\| staff \| \d \| )\d+$/m, '$120');
    expect(roles).not.toBe(form.roles);
    const ok = await app.interaction(submission(modal, { ...form, roles }));
    expect(ok.body).toBe('');
    const after = await current();
    expect(after.playbook.roles.find((r) => r.id === 'server')!.compLimit).toBe(20);
    expect((await store().history(TENANT, 1))[0]!.summary).toMatch(/comp limit 15 → 20/);
  });

  it('refuses the second of two concurrent saves with a clear message, losing neither', async () => {
    const a = await editForm('room_problem');
    const b = await editForm('room_problem', GROUP_MANAGER);
    const first = await app.interaction(
      submission(a.view, { ...a.form, description: 'Something in the room is broken.' }),
    );
    expect(first.body).toBe('');
    const second = await app.interaction(
      submission(b.view, { ...b.form, description: 'A room fault.' }, { user: GROUP_MANAGER }),
    );
    expect(second.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(second.json)).toContain('Someone else saved version');
    expect(JSON.stringify(second.json)).toContain('Nothing was saved');
    const now = await current();
    expect(now.playbook.categories.find((c) => c.id === 'room_problem')!.description).toBe(
      'Something in the room is broken.',
    );
  });

  it('rejects broken YAML with line numbers and changes nothing; imports a valid attached file', async () => {
    const before = await current();
    const modal = await openModal(homeAction(button(PLAYBOOK_ACTIONS.importYaml, PLAYBOOK_ACTIONS.importYaml)));
    expect(modal.callback_id).toBe(PLAYBOOK_MODALS.importYaml);
    const broken =
      'version: 1\nvenue:\n  name: Bistro\n  type: restaurant\ncategories:\n  - id: x\n    name: [unclosed\n';
    const answer = await app.interaction(submission(modal, { yaml: broken }));
    expect(answer.json!.response_action).toBe('update');
    expect(JSON.stringify((answer.json!.view as View).blocks)).toMatch(/line \d+/);
    const invalid = await app.interaction(submission(modal, { yaml: 'venue:\n  name: Bistro\ncategories: []\n' }));
    expect(JSON.stringify((invalid.json!.view as View).blocks)).toMatch(/line \d+/);
    expect((await current()).version).toBe(before.version);

    const edited = { ...before.playbook, venue: { ...before.playbook.venue, name: 'The Imported Bistro' } };
    const fileId = app.fake.hostFile('FYAML1', playbookToYaml(edited));
    const imported = await app.interaction(
      submission(
        modal,
        {},
        { extra: { file: { value: { type: 'file_input', files: [{ id: fileId, name: 'playbook.yaml' }] } } } },
      ),
    );
    expect(imported.body).toBe('');
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.playbook.venue.name).toBe('The Imported Bistro');
    expect((await store().history(TENANT, 1))[0]!.summary).toContain('venue name:');
  });

  it('a YAML alias bomb, pasted or attached, is an invalid playbook shown at its line, not "Something went wrong"', async () => {
    const before = await current();
    // "billion laughs": each line nine aliases of the one before, 9^8 strings if expanded
    const bomb = [
      'venue: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      ...'bcdefgh'
        .split('')
        .map((name, i) => `${name}: &${name} [${new Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const modal = await openModal(homeAction(button(PLAYBOOK_ACTIONS.importYaml, PLAYBOOK_ACTIONS.importYaml)));
    const fileId = app.fake.hostFile('FBOMB1', bomb);
    for (const [how, values, extra] of [
      ['pasted', { yaml: bomb }, {}],
      ['attached', {}, { file: { value: { type: 'file_input', files: [{ id: fileId, name: 'bomb.yaml' }] } } }],
    ] as const) {
      const answer = await app.interaction(submission(modal, values, { extra }));
      expect([how, answer.status, answer.json?.response_action]).toEqual([how, 200, 'update']);
      const shown = JSON.stringify((answer.json!.view as View).blocks);
      expect(shown).toContain('line 2');
      expect(shown).toContain('too many aliases');
      expect(shown).not.toMatch(/Something went wrong/i);
    }
    expect((await current()).version).toBe(before.version);
  });

  describe('an attached file over the size limit (MAX_PLAYBOOK_BYTES, counted in bytes)', () => {
    const attach = (fileId: string) => ({
      file: { value: { type: 'file_input', files: [{ id: fileId, name: 'playbook.yaml' }] } },
    });
    const tooLarge = { response_action: 'errors', errors: { yaml: playbookTooLarge('That file') } };

    it('is refused with the too-large message, its download cut off instead of read to the end', async () => {
      const before = await current();
      const modal = await openModal(homeAction(button(PLAYBOOK_ACTIONS.importYaml, PLAYBOOK_ACTIONS.importYaml)));
      // a size Slack does not report, and a download that declares none: only reading it tells
      const download = app.fake.hostLargeFile('FHUGE1', 64 * 1024 * 1024);
      const answer = await app.interaction(submission(modal, {}, { extra: attach('FHUGE1') }));
      expect(answer.json).toEqual(tooLarge);
      // the bot hung up once past the limit: the download ended without the whole file taken (what was sent is
      // the limit and what the sockets' buffers held, a few MB)
      await download.ended;
      expect(download.finished).toBe(false);
      expect(download.sent).toBeLessThan(download.size / 2);
      expect((await current()).version).toBe(before.version);
    });

    it('is refused by its bytes, not its characters (multibyte text under the limit in characters)', async () => {
      const before = await current();
      const modal = await openModal(homeAction(button(PLAYBOOK_ACTIONS.importYaml, PLAYBOOK_ACTIONS.importYaml)));
      // "é" is two bytes in UTF-8: one byte over the limit, and half of it in characters
      const text = `# ${'é'.repeat(MAX_PLAYBOOK_BYTES / 2 - 1)}\n`;
      expect(Buffer.byteLength(text)).toBe(MAX_PLAYBOOK_BYTES + 1);
      expect(text.length).toBeLessThan(MAX_PLAYBOOK_BYTES);
      app.fake.hostFile('FWIDE1', text, { reportSize: false });
      const answer = await app.interaction(submission(modal, {}, { extra: attach('FWIDE1') }));
      expect(answer.json).toEqual(tooLarge);
      // exactly at the limit it is read, and judged as a playbook (this one has none of a playbook's fields)
      app.fake.hostFile('FWIDE2', text.slice(1), { reportSize: false });
      expect(Buffer.byteLength(text.slice(1))).toBe(MAX_PLAYBOOK_BYTES);
      const atLimit = await app.interaction(submission(modal, {}, { extra: attach('FWIDE2') }));
      expect(atLimit.json!.response_action).toBe('update');
      expect(JSON.stringify((atLimit.json!.view as View).blocks)).not.toContain('larger than');
      expect((await current()).version).toBe(before.version);
    });
  });

  it('exports YAML to the manager in a DM, as a file that imports back', async () => {
    await app.interaction(homeAction(button(PLAYBOOK_ACTIONS.exportYaml, PLAYBOOK_ACTIONS.exportYaml)));
    const [complete] = await app.fake.waitFor('files.completeUploadExternal');
    expect(complete!.body.channel_id).toBe(`D${MANAGER}`);
    const upload = [...app.fake.uploads.values()].at(-1)!;
    expect(upload.filename).toMatch(/^playbook-v\d+\.yaml$/);
    const text = upload.content;
    const { playbook } = await current();
    expect(parse(text)).toMatchObject({ venue: { name: playbook.venue.name } });
    expect(parsePlaybookYaml(text)).toMatchObject({ ok: true, playbook });
  });

  it('keeps workspaces apart: a manager of one cannot touch another workspace', async () => {
    await app.web.core.permissions.grant(TENANT, MANAGER, 'UALICE', 'manager');
    const other = 'slack-T2';
    const theirs = await store().current(other);
    const ours = await current();
    const { view, form } = await editForm('wrong_order', 'UALICE');
    const crossed = await app.interaction(
      submission(view, { ...form, description: 'hijacked' }, { user: 'UALICE', team: 'T2' }),
    );
    expect(JSON.stringify(crossed.json)).toContain('Only managers can edit the playbook');
    await app.interaction(homeAction(button(PLAYBOOK_ACTIONS.revert, '1'), { user: 'UALICE', team: 'T2' }));
    await app.fake.waitFor('views.open');
    expect((await store().current(other)).version).toBe(theirs.version);
    expect((await current()).version).toBe(ours.version);
  });
});
