import { said } from '../conversation/catalogue';
import { deliverOnce } from '../followups/deliverOnce';
import { deliverToEach } from '../followups/deliverToEach';
import type { DeliveryLedger } from '../followups/ports';
import type { Permissions } from '../playbook/permissions';
import { buildEscalation } from '../views/escalation';
import type { DeliveryTarget, Messenger, Outbound } from '../views/outbound';
import type { ManagerAlerts } from './ports';
import { lastEntry, type Slip } from './slip';

/**
 * Pages every known manager by direct message with the escalation checklist. With a ledger, each manager gets each
 * escalation once however often the job is retried. When the tenant has no manager set up, says so in the slip's
 * thread instead, so an escalation is never silently lost.
 */
export class DirectManagerAlerts implements ManagerAlerts {
  constructor(
    private readonly options: {
      permissions: Permissions;
      messenger: Messenger;
      ledger?: DeliveryLedger;
      onUnverified?: (key: string) => void;
    },
  ) {}

  async escalate(slip: Slip, reason: string): Promise<void> {
    const { messenger, ledger, onUnverified } = this.options;
    const event = `${slip.tenant}|${slip.id}|${lastEntry(slip, 'escalated')?.at ?? slip.updatedAt}`;
    const managers = await this.options.permissions.managers(slip.tenant);
    const send = (key: string, target: DeliveryTarget, run: () => Promise<unknown>) =>
      ledger ? deliverOnce({ ledger, messenger, onUnverified }, slip.tenant, key, target, run) : run();
    if (managers.length === 0) {
      // said in the surface's own words: how to make someone a manager differs between Slack, Teams and the shell
      const notice: Outbound = { kind: 'said', said: said('noManagers', { slipId: slip.id, reason }) };
      const key = `esc|${event}|thread`;
      await send(key, { channel: slip.channel, threadRef: slip.threadRef }, () =>
        messenger.post(slip.tenant, slip.channel, notice, { threadRef: slip.threadRef, deliveryKey: key }),
      );
      return;
    }
    const alert: Outbound = { kind: 'escalation', alert: buildEscalation(slip, reason) };
    await deliverToEach(managers, (manager) => {
      const key = `esc|${event}|${manager}`;
      return send(key, { user: manager }, () =>
        messenger.sendDirect(slip.tenant, manager, alert, { deliveryKey: key }),
      );
    });
  }
}
