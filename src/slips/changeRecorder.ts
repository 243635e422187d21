import type { NewSlip, Slip } from './slip';
import type { SlipStore } from './store';

/** Hears each stored change to a slip, `before` undefined for a new one (the insights counters). */
export interface SlipChangeRecorder {
  changed(before: Slip | undefined, after: Slip): Promise<void>;
}

/**
 * The store, telling `recorder` what each create and update changed once it is stored. Best effort: a recorder that
 * fails never fails the person's action.
 */
export function recorded(slips: SlipStore, recorder: SlipChangeRecorder): SlipStore {
  const tell = (before: Slip | undefined, after: Slip) => recorder.changed(before, after).catch(() => undefined);
  return new Proxy(slips, {
    get(target, name) {
      if (name === 'create')
        return async (draft: NewSlip) => {
          const result = await target.create(draft);
          if (result.created) await tell(undefined, result.slip);
          return result;
        };
      if (name === 'update')
        return async (tenant: string, id: string, change: (slip: Slip) => Slip) => {
          let before: Slip | undefined;
          const after = await target.update(tenant, id, (slip) => {
            before = slip;
            return change(slip);
          });
          if (before) await tell(before, after);
          return after;
        };
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Several recorders as one (the insights counters, the comp log); each is told even when another fails. */
export function allRecorders(...recorders: SlipChangeRecorder[]): SlipChangeRecorder {
  return {
    async changed(before, after) {
      // best effort, as recorded() says: a recorder's failure never fails the action or the other recorders
      await Promise.all(recorders.map((r) => r.changed(before, after).catch(() => undefined)));
    },
  };
}
