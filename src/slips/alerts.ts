import type { Permissions } from '../playbook/permissions';
import { buildEscalation } from '../views/escalation';
import type { Messenger } from '../views/outbound';
import type { ManagerAlerts } from './ports';
import type { Slip } from './slip';

/**
 * Pages every known manager by direct message with the escalation checklist. When the tenant has no manager set
 * up, says so in the slip's thread instead, so the escalation is never silently lost.
 */
export class DirectManagerAlerts implements ManagerAlerts {
  constructor(private readonly options: { permissions: Permissions; messenger: Messenger }) {}

  async escalate(slip: Slip, reason: string): Promise<void> {
    const alert = buildEscalation(slip, reason);
    const managers = await this.options.permissions.managers(slip.tenant);
    if (managers.length === 0) {
      await this.options.messenger.post(
        slip.tenant,
        slip.channel,
        {
          kind: 'notice',
          text:
            `⚠ Slip #${slip.id} needs a manager (${reason}), but no managers are set up in this workspace. ` +
            'A workspace admin can run `/recover role @someone manager`.',
        },
        { threadRef: slip.threadRef },
      );
      return;
    }
    const sent = await Promise.allSettled(
      managers.map((manager) => this.options.messenger.sendDirect(slip.tenant, manager, { kind: 'escalation', alert })),
    );
    // one manager reached is enough; if none was, the caller (a retrying job) must know
    const failed = sent.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length === sent.length) throw failed[0]!.reason;
  }
}
