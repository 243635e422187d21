import { ACTION_IDS } from '../../../src/platforms/slack/blocks/recoveryCard';
import {
  buttonPress,
  MANAGER,
  MANAGER_DM,
  postedSlip,
  type SlackTestApp,
  startSlackTestApp,
  TENANT,
  viewSubmission,
} from '../../helpers/slackApp';

describe('Slack: the recovery card flows', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp();
    await app.watch('C1');
  });
  afterAll(() => app.stop());
  beforeEach(() => app.fake.reset());

  it('Corrected opens a modal; a comp over the limit is a field error, within it the card updates and a follow-up is set', async () => {
    const slip = await postedSlip(app, 'T6 burger came out raw, guest upset');
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, slip.id, { messageTs: slip.cardRef }));
    await app.fake.waitFor('chat.update');
    await app.interaction(buttonPress(app, ACTION_IDS.correct, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as Record<string, unknown>;
    expect(view.callback_id).toBe('rc_correct_modal');
    expect(JSON.stringify(view.blocks)).toContain('Dessert or drink on us');
    const tooMuch = await app.interaction(
      viewSubmission('rc_correct_modal', String(view.private_metadata), {
        fix: { value: { type: 'plain_text_input', value: 're-fired the burger' } },
        gesture: { value: { type: 'static_select', selected_option: { value: "Comp the table's meal" } } },
        cost: { value: { type: 'number_input', value: '120' } },
      }),
    );
    expect(tooMuch.json).toMatchObject({
      response_action: 'errors',
      errors: { cost: expect.stringContaining('over your USD 15 comp limit') },
    });
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('acknowledged');
    const ok = await app.interaction(
      viewSubmission('rc_correct_modal', String(view.private_metadata), {
        fix: { value: { type: 'plain_text_input', value: 're-fired the burger' } },
        gesture: { value: { type: 'static_select', selected_option: { value: 'Dessert or drink on us' } } },
        cost: { value: { type: 'number_input', value: '9' } },
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('');
    const after = await app.web.core.slips.get(TENANT, slip.id);
    expect(after).toMatchObject({
      status: 'corrected',
      gesture: { label: 'Dessert or drink on us', cost: 9 },
      followUp: { status: 'scheduled' },
    });
    const updates = await app.fake.waitFor('chat.update', 2);
    expect(JSON.stringify(updates.at(-1)!.body.blocks)).toContain('Dessert or drink on us ($9.00)');
  });

  it('Schedule follow-up opens a date-time picker at the playbook timing and saves the promise', async () => {
    const slip = await postedSlip(app, 'rm 214 no hot water, guest annoyed');
    await app.interaction(buttonPress(app, ACTION_IDS.followup, slip.id, { messageTs: slip.cardRef }));
    const [open] = await app.fake.waitFor('views.open');
    const view = open!.body.view as {
      private_metadata: string;
      blocks: Array<{ element?: { initial_date_time?: number } }>;
    };
    const initial = view.blocks[0]!.element!.initial_date_time!;
    expect(initial * 1000).toBeGreaterThan(Date.now());
    const past = await app.interaction(
      viewSubmission('rc_followup_modal', view.private_metadata, {
        due: { value: { type: 'datetimepicker', selected_date_time: 1000 } },
      }),
    );
    expect(past.json).toEqual({ response_action: 'errors', errors: { due: 'Pick a time in the future.' } });
    const due = Math.floor(Date.now() / 1000) + 3600;
    await app.interaction(
      viewSubmission('rc_followup_modal', view.private_metadata, {
        due: { value: { type: 'datetimepicker', selected_date_time: due } },
        promise: { value: { type: 'plain_text_input', value: 'engineer before 9pm' } },
      }),
    );
    expect((await app.web.core.slips.get(TENANT, slip.id))!.followUp).toMatchObject({
      dueAt: due * 1000,
      promise: 'engineer before 9pm',
      status: 'scheduled',
    });
  });

  it('Not a slip collapses the card; Reopen brings it back; Close collapses it', async () => {
    const slip = await postedSlip(app, 'T2 says the wine is corked');
    await app.interaction(buttonPress(app, ACTION_IDS.dismiss, slip.id, { messageTs: slip.cardRef }));
    const [dismissed] = await app.fake.waitFor('chat.update');
    expect(JSON.stringify(dismissed!.body.blocks)).toContain('Marked not a slip');
    expect(JSON.stringify(dismissed!.body.blocks)).toContain(ACTION_IDS.reopen);
    await app.interaction(buttonPress(app, ACTION_IDS.reopen, slip.id, { messageTs: slip.cardRef }));
    await app.fake.waitFor('chat.update', 2);
    await app.interaction(buttonPress(app, ACTION_IDS.close, slip.id, { messageTs: slip.cardRef }));
    const updates = await app.fake.waitFor('chat.update', 3);
    expect(JSON.stringify(updates[2]!.body.blocks)).toContain('Closed');
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('closed');
  });

  it('an illegal press (a stale card) gets a clear ephemeral reply and changes nothing', async () => {
    const slip = await postedSlip(app, 'T8 fish is cold');
    await app.interaction(buttonPress(app, ACTION_IDS.connect, slip.id, { messageTs: slip.cardRef }));
    const [reply] = await app.fake.waitForResponses(1);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply!.body.text)).toContain('Correct first');
    expect((await app.web.core.slips.get(TENANT, slip.id))!.status).toBe('open');
  });

  it('a press for a slip id from nowhere finds nothing in this workspace', async () => {
    await app.interaction(buttonPress(app, ACTION_IDS.acknowledge, '99999', { team: 'T1' }));
    const [reply] = await app.fake.waitForResponses(1);
    expect(String(reply!.body.text)).toContain('There is no slip #99999.');
  });

  it('pages the managers at once for a safety slip', async () => {
    await app.message('T8 guest having an allergic reaction, swelling, ambulance called');
    const posts = await app.fake.waitFor('chat.postMessage', 2);
    const dm = posts.find((p) => p.body.channel === MANAGER_DM);
    expect(dm).toBeDefined();
    expect(JSON.stringify(dm!.body.blocks)).toContain('Incident report before end of shift');
  });

  it('App Home shows my open slips, and the manager view to managers', async () => {
    await postedSlip(app, 'T2 got the wrong wine, guest annoyed');
    await app.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' });
    const [mine] = await app.fake.waitFor('views.publish');
    expect(mine!.body.user_id).toBe('U1');
    const view = JSON.stringify(mine!.body.view);
    expect(view).toContain('Your open slips');
    expect(view).not.toContain('Manager view');
    await app.event({ type: 'app_home_opened', user: MANAGER, channel: 'D2', tab: 'home', event_ts: '1.3' });
    const published = await app.fake.waitFor('views.publish', 2);
    expect(JSON.stringify(published[1]!.body.view)).toContain('Manager view');
    expect(JSON.stringify(published[1]!.body.view)).toContain('<#C1>');
    // this week at a glance, from the insights counters (staff never see it)
    const week = await app.web.core.insights.report(TENANT, 7);
    expect(week.slips.total).toBeGreaterThan(0);
    expect(JSON.stringify(published[1]!.body.view)).toMatch(
      new RegExp(`\\*At a glance:\\* ${week.slips.total} slips? in 7 days`),
    );
    expect(view).not.toContain('At a glance');
  });
});
