import { render } from '../../../src/conversation/catalogue';
import { plainStyle } from '../../../src/conversation/style';
import { defaultPlaybook } from '../../../src/playbook/load';
import { Permissions } from '../../../src/playbook/permissions';
import { StaticPlaybookSource } from '../../../src/playbook/store';
import { DirectManagerAlerts } from '../../../src/slips/alerts';
import type { Slip } from '../../../src/slips/slip';
import type { Messenger, Outbound } from '../../../src/views/outbound';
import { MemoryRoleStore } from '../../helpers/memoryPorts';
import { message, serviceWith } from '../../helpers/slips';

describe('DirectManagerAlerts with no manager set up', () => {
  it("says so in the slip's thread, in the surface's own words for making someone a manager", async () => {
    const posts: Array<{ channel: string; message: Outbound; threadRef?: string }> = [];
    const messenger: Messenger = {
      sendDirect: async () => ({ channel: 'D', ts: '1' }),
      post: async (_tenant, channel, out, options) => {
        posts.push({ channel, message: out, threadRef: options?.threadRef });
        return { channel, ts: '2' };
      },
      update: async () => undefined,
    };
    const playbooks = new StaticPlaybookSource(defaultPlaybook());
    const alerts = new DirectManagerAlerts({
      permissions: new Permissions({ roles: new MemoryRoleStore(), playbooks }),
      messenger,
    });
    const { service } = serviceWith({ playbooks });
    const reported = await service.report(message('T4 soup was cold, guest unhappy'), { force: true });
    if (reported.kind !== 'reported') throw new Error('expected a slip');
    const slip: Slip = reported.slip;
    await alerts.escalate(slip, 'not corrected 12 min after it was reported');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: slip.channel, threadRef: slip.threadRef });
    const out = posts[0]!.message;
    if (out.kind !== 'said') throw new Error(`expected catalogue words, got ${out.kind}`);
    const slack = render(out.said, plainStyle({ command: (w) => `/recover ${w}`, report: (w) => w, home: 'home' }));
    const shell = render(out.said, plainStyle({ command: (w) => `/${w}`, report: (w) => w, home: 'home' }));
    expect(slack).toBe(
      `⚠ Slip #${slip.id} needs a manager (not corrected 12 min after it was reported), but no managers are set up here yet: /recover role @someone manager makes someone one.`,
    );
    expect(shell).toContain('/role @someone manager makes someone one.');
  });
});
