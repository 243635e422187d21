import { AppError } from '../../../src/errors';
import { defaultPlaybook } from '../../../src/playbook/load';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import type { FollowUpScheduler, ManagerAlerts } from '../../../src/slips/ports';
import type { Slip } from '../../../src/slips/slip';
import type { SlipStore } from '../../../src/slips/store';
import { MemorySlipStore } from '../../helpers/memorySlipStore';
import { manualClock, message, serviceWith } from '../../helpers/slips';

function recorders() {
  const scheduled: Slip[] = [];
  const cancelled: Slip[] = [];
  const escalations: Array<{ slip: Slip; reason: string }> = [];
  const followUps: FollowUpScheduler = {
    schedule: async (slip) => void scheduled.push(slip),
    cancel: async (slip) => void cancelled.push(slip),
  };
  const alerts: ManagerAlerts = { escalate: async (slip, reason) => void escalations.push({ slip, reason }) };
  return { scheduled, cancelled, escalations, followUps, alerts };
}

describe('SlipService.report', () => {
  it('creates one slip per source message, with redacted text and advice', async () => {
    const { service, slips } = serviceWith();
    const msg = message('T12 got the wrong steak, guest annoyed, her number is +1 312 555 0188');
    const first = await service.onChannelMessage(msg);
    expect(first.kind).toBe('reported');
    if (first.kind !== 'reported') return;
    expect(first.slip).toMatchObject({ categoryId: 'wrong_order', status: 'open', owner: 'alex', reporter: 'alex' });
    expect(first.slip.text).toContain('[phone]');
    expect(first.slip.text).not.toContain('555');
    const again = await service.onChannelMessage(msg);
    expect(again).toMatchObject({ kind: 'reported', created: false });
    expect(await slips.list('test-tenant')).toHaveLength(1);
  });

  it('ignores chatter, empty text and unwatched channels', async () => {
    const { service } = serviceWith({ channels: { isWatched: async (_t, c) => c === 'C1' } });
    expect(await service.onChannelMessage(message('who is closing bar?'))).toMatchObject({ reason: 'not_a_slip' });
    expect(await service.onChannelMessage(message('   '))).toMatchObject({ reason: 'empty' });
    expect(await service.onChannelMessage(message('T4 cold soup', { channel: 'C2' }))).toMatchObject({
      reason: 'unwatched',
    });
  });

  it('logs a forced report (/recover) even when the detector would stay quiet', async () => {
    const { service } = serviceWith();
    const quiet = message('note for table 5');
    expect(await service.onChannelMessage(quiet)).toMatchObject({ kind: 'ignored', reason: 'not_a_slip' });
    const result = await service.report(quiet, { force: true });
    expect(result).toMatchObject({ kind: 'reported', slip: { categoryId: expect.any(String) } });
    const chosen = await service.report(message('something about the bill'), { force: true, categoryId: 'billing' });
    expect(chosen).toMatchObject({ slip: { categoryId: 'billing' } });
    await expect(service.report(message('x'), { force: true, categoryId: 'nope' })).rejects.toThrow(/no category/);
  });

  it('escalates a second slip for the same guest within the repeat window, not after it', async () => {
    const clock = manualClock();
    const rec = recorders();
    const { service } = serviceWith({ clock: clock.now, alerts: rec.alerts });
    await service.onChannelMessage(message('T12 steak came out cold'));
    clock.advance(60 * 60_000);
    const second = await service.onChannelMessage(message('table 12 waited 30 min for dessert'));
    expect(second).toMatchObject({ slip: { severity: 'high', escalated: true, repeatOf: ['1'] } });
    expect(rec.escalations).toHaveLength(1);
    expect(rec.escalations[0]!.reason).toMatch(/second slip for table 12/);
    clock.advance(13 * 60 * 60_000);
    const later = await service.onChannelMessage(message('T12 got the wrong wine'));
    expect(later).toMatchObject({ slip: { escalated: false, repeatOf: [] } });
  });

  it('pages managers at once for safety slips', async () => {
    const rec = recorders();
    const { service } = serviceWith({ alerts: rec.alerts });
    const result = await service.onChannelMessage(message('guest on T8 having an allergic reaction to nuts'));
    expect(result).toMatchObject({ slip: { categoryId: 'safety', severity: 'critical', escalated: true } });
    expect(rec.escalations).toHaveLength(1);
  });

  it('updates the slip text when the source message is edited, and never creates one', async () => {
    const { service, slips } = serviceWith();
    const msg = message('T4 waited 40 min for mains');
    await service.onChannelMessage(msg);
    const edited = await service.onMessageEdited({ ...msg, text: 'T4 waited 50 min for mains, email a@b.com' });
    expect(edited?.text).toBe('T4 waited 50 min for mains, email [email]');
    expect(edited?.timeline.at(-1)?.kind).toBe('edited');
    expect(await service.onMessageEdited(message('T9 cold soup'))).toBeUndefined();
    expect(await slips.list('test-tenant')).toHaveLength(1);
  });
});

describe('SlipService.act', () => {
  it('schedules the playbook follow-up when the fix is recorded, and cancels it on close', async () => {
    const clock = manualClock();
    const rec = recorders();
    const { service } = serviceWith({ clock: clock.now, followUps: rec.followUps });
    const reported = await service.onChannelMessage(message('T12 got the wrong steak'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    await service.act('test-tenant', reported.slip.id, 'alex', { kind: 'acknowledge' });
    const fixed = await service.act('test-tenant', reported.slip.id, 'alex', {
      kind: 'correct',
      gesture: 'dessert',
      cost: 8,
    });
    expect(fixed.followUp).toMatchObject({ status: 'scheduled', dueAt: clock.now() + 10 * 60_000 });
    expect(rec.scheduled).toHaveLength(1);
    const closed = await service.act('test-tenant', reported.slip.id, 'alex', { kind: 'close' });
    expect(closed.followUp!.status).toBe('cancelled');
    expect(rec.cancelled.map((s) => s.id)).toEqual([reported.slip.id]);
  });

  it('refuses a comp above the actor comp limit and names who can approve it', async () => {
    const { service } = serviceWith({ roles: { roleOf: async (_t, u) => (u === 'lee' ? 'shift_lead' : undefined) } });
    const reported = await service.onChannelMessage(message('T12 got the wrong steak'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    await service.act('test-tenant', reported.slip.id, 'alex', { kind: 'acknowledge' });
    const attempt = service.act('test-tenant', reported.slip.id, 'alex', {
      kind: 'correct',
      gesture: 'meal comped',
      cost: 40,
    });
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toThrow(/over your USD 15 comp limit.*Ask a Shift lead/);
    const byLead = await service.act('test-tenant', reported.slip.id, 'lee', {
      kind: 'correct',
      gesture: 'meal comped',
      cost: 40,
    });
    expect(byLead.gesture).toEqual({ label: 'meal comped', cost: 40 });
  });

  it('escalates when the follow-up finds the guest still unhappy', async () => {
    const rec = recorders();
    const { service } = serviceWith({ alerts: rec.alerts, followUps: rec.followUps });
    const reported = await service.onChannelMessage(message('T12 got the wrong steak, guest annoyed'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    const id = reported.slip.id;
    await service.act('test-tenant', id, 'alex', { kind: 'schedule_followup', dueAt: Date.now() + 60_000 });
    const done = await service.act('test-tenant', id, 'alex', { kind: 'followup_done', outcome: 'not_recovered' });
    expect(done).toMatchObject({ escalated: true, followUp: { outcome: 'not_recovered' } });
    expect(rec.escalations.map((e) => e.reason)).toEqual(['the guest is still unhappy after the follow-up']);
  });

  it('reads the playbook once for a Corrected press: the picked gesture, the comp limit and the follow-up', async () => {
    const rec = recorders();
    const source = new StaticPlaybookSource(defaultPlaybook());
    let reads = 0;
    const playbooks = {
      current: () => {
        reads++;
        return source.current();
      },
    };
    const { service } = serviceWith({ playbooks, followUps: rec.followUps });
    const reported = await service.onChannelMessage(message('T12 got the wrong steak'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    await service.act('test-tenant', reported.slip.id, 'alex', { kind: 'acknowledge' });
    const gesture = reported.slip.advice.gestures[0]!.label;
    reads = 0;
    const fixed = await service.act('test-tenant', reported.slip.id, 'alex', {
      kind: 'correct',
      gesture,
      cost: 5,
      picked: true,
    });
    expect(reads).toBe(1);
    expect(fixed).toMatchObject({ status: 'corrected', followUp: { status: 'scheduled' } });
    expect(rec.scheduled).toHaveLength(1);
  });

  it('says clearly when a slip does not exist', async () => {
    const { service } = serviceWith();
    await expect(service.act('test-tenant', '99', 'alex', { kind: 'acknowledge' })).rejects.toThrow(
      'There is no slip #99.',
    );
  });
});

describe('SlipService.recategorize and what the venue is taught', () => {
  function learningRecorder() {
    const taught: Array<{ slipId: string; categoryId?: string; source: string }> = [];
    const forgotten: string[] = [];
    return {
      taught,
      forgotten,
      learning: {
        record: async (_tenant: string, e: { slipId: string; categoryId?: string; source: string }) =>
          void taught.push({
            slipId: e.slipId,
            source: e.source,
            ...(e.categoryId ? { categoryId: e.categoryId } : {}),
          }),
        forget: async (_tenant: string, slipId: string) => void forgotten.push(slipId),
        layerFor: async () => undefined,
      },
    };
  }

  it('moves the slip to the named category with its advice and severity, and escalates when that one must', async () => {
    const r = recorders();
    const l = learningRecorder();
    const { service } = serviceWith({ alerts: r.alerts, learning: l.learning });
    const reported = await service.onChannelMessage(message('T12 got the wrong steak, guest annoyed'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    expect(reported.slip).toMatchObject({ categoryId: 'wrong_order', escalated: false });
    const moved = await service.recategorize('test-tenant', reported.slip.id, 'sam', 'safety');
    expect(moved).toMatchObject({ categoryId: 'safety', escalated: true });
    expect(moved.advice.categoryId).toBe('safety');
    expect(['high', 'critical']).toContain(moved.severity);
    expect(moved.timeline.some((e) => e.kind === 'recategorized' && e.by === 'sam')).toBe(true);
    expect(r.escalations).toHaveLength(1);
    expect(l.taught).toEqual([{ slipId: reported.slip.id, source: 'recategorized', categoryId: 'safety' }]);
  });

  it('refuses an unknown or retired category, the same category, and a closed slip, changing nothing', async () => {
    const l = learningRecorder();
    const { service, slips } = serviceWith({ learning: l.learning });
    const reported = await service.onChannelMessage(message('T4 soup was cold, guest unhappy'));
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    const id = reported.slip.id;
    await expect(service.recategorize('test-tenant', id, 'sam', 'free_stuff')).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(service.recategorize('test-tenant', id, 'sam', reported.slip.categoryId)).rejects.toBeInstanceOf(
      AppError,
    );
    await service.act('test-tenant', id, 'sam', { kind: 'close' });
    await expect(service.recategorize('test-tenant', id, 'sam', 'billing')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect((await slips.get('test-tenant', id))!.categoryId).toBe(reported.slip.categoryId);
    expect(l.taught).toEqual([]);
  });

  it('"Not a slip" and a hand-logged slip are taught; reopening a dismissed slip takes it back', async () => {
    const l = learningRecorder();
    const { service } = serviceWith({ learning: l.learning });
    const logged = await service.report(message('the couple by the window want a word'), { force: true });
    if (logged.kind !== 'reported') throw new Error('expected a slip');
    const seen = await service.onChannelMessage(message('T9 waited 40 min for mains, guest fuming'));
    if (seen.kind !== 'reported') throw new Error('expected a slip');
    await service.act('test-tenant', seen.slip.id, 'sam', { kind: 'dismiss' });
    await service.act('test-tenant', seen.slip.id, 'sam', { kind: 'reopen' });
    expect(l.taught.map((t) => t.source)).toEqual(['logged', 'dismissed']);
    expect(l.forgotten).toEqual([seen.slip.id]);
  });

  it('a learning store that fails never fails the person’s action', async () => {
    const failing = {
      record: async () => Promise.reject(new AppError('STORE_UNAVAILABLE', 'down')),
      forget: async () => Promise.reject(new AppError('STORE_UNAVAILABLE', 'down')),
      layerFor: async () => Promise.reject(new AppError('STORE_UNAVAILABLE', 'down')),
    };
    const { service } = serviceWith({ learning: failing });
    const seen = await service.onChannelMessage(message('T9 waited 40 min for mains, guest fuming'));
    if (seen.kind !== 'reported') throw new Error('expected a slip');
    await expect(service.act('test-tenant', seen.slip.id, 'sam', { kind: 'dismiss' })).resolves.toMatchObject({
      status: 'dismissed',
    });
  });
});

describe('SlipService.report writes a new slip once', () => {
  it('an escalated slip with a follow-up timed from the report is stored in one write, then alerted and scheduled', async () => {
    const playbook = structuredClone(defaultPlaybook());
    playbook.categories.find((c) => c.id === 'safety')!.followUp = '1h after report';
    const store = new MemorySlipStore();
    const writes: string[] = [];
    const counted: SlipStore = Object.assign(Object.create(store) as SlipStore, {
      create: (draft: Parameters<SlipStore['create']>[0]) => {
        writes.push('create');
        return store.create(draft);
      },
      update: (...args: Parameters<SlipStore['update']>) => {
        writes.push('update');
        return store.update(...args);
      },
    });
    const r = recorders();
    const clock = manualClock();
    const { service } = serviceWith({
      slips: counted,
      playbook,
      alerts: r.alerts,
      followUps: r.followUps,
      clock: clock.now,
    });
    const result = await service.onChannelMessage(
      message('T3 guest says her throat is swelling, she has a nut allergy'),
    );
    if (result.kind !== 'reported') throw new Error('expected a slip');
    expect(writes).toEqual(['create']);
    expect(result.slip).toMatchObject({ categoryId: 'safety', escalated: true, followUp: { status: 'scheduled' } });
    expect(result.slip.followUp!.dueAt).toBe(clock.now() + 3_600_000);
    expect(result.slip.timeline.map((e) => e.kind)).toEqual(['reported', 'escalated', 'followup_scheduled']);
    expect(r.escalations.map((e) => e.slip.id)).toEqual([result.slip.id]);
    expect(r.scheduled.map((s) => s.id)).toEqual([result.slip.id]);
  });
});
