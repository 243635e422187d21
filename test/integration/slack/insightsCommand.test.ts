import { cardedSlip, MANAGER, type SlackTestApp, startSlackTestApp, TENANT } from '../../helpers/slackApp';

/**
 * `/recover insights [30d] [#channel]` through the real web role and Bolt: Slack sends a channel as `<#C123|name>`
 * (the manifest escapes channels); the figures are those of the slips reported in that channel, and only a channel
 * this workspace's bot watches is answered.
 */
describe('Slack: /recover insights for one channel', () => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackTestApp({}, { worker: false });
    const at = Date.now();
    await app.web.core.channels.watch({ tenant: TENANT, channel: 'C1', name: 'shift-floor', by: MANAGER, at });
    await app.web.core.channels.watch({ tenant: TENANT, channel: 'C2', name: 'bar<!here>', by: MANAGER, at });
    // two slips in #shift-floor, one in the bar
    for (const [text, channel] of [
      ['T2 got the wrong wine, guest annoyed', 'C1'],
      ['T5 waited 40 minutes for mains, guest furious', 'C1'],
      ['T9 got the wrong cocktail, guest annoyed', 'C2'],
    ] as const) {
      const { ts } = await app.message(text, { channel });
      await cardedSlip(app, ts, channel);
    }
    await app.quiet();
  });
  afterAll(() => app.stop());

  const text = async (command: string, user = MANAGER) =>
    String((await app.command(command, { user_id: user })).json!.text);

  it("gives a watched channel's figures, named as Slack sends it", async () => {
    const floor = await text('insights 7d <#C1|shift-floor>');
    expect(floor).toMatch(/^\*Insights in #shift-floor, last 7 days\*/);
    expect(floor).toMatch(/• Slips: 2 \(/);
    const bar = await text('insights <#C2|bar>');
    // the channel's name is the one it was watched under, escaped for mrkdwn (no @here)
    expect(bar).toMatch(/^\*Insights in #bar&lt;!here&gt;, last 30 days\*/);
    expect(bar).toMatch(/• Slips: 1 \(Wrong order 1\)/);
    // the workspace's figures are all of them
    expect(await text('insights 7d')).toMatch(/^\*Insights, last 7 days\*[^\n]*\n• Slips: 3 \(/);
  });

  it('answers only for a channel this workspace watches, and only managers', async () => {
    const elsewhere = await text('insights 7d <#C9|kitchen>');
    expect(elsewhere).toContain('#kitchen is not a channel I watch in this workspace');
    expect(elsewhere).not.toContain('Slips:');
    expect(await text('insights <#C9>')).toMatch(/^That's not a channel I watch/);
    expect(await text('insights 7d <#C1|shift-floor>', 'U1')).toContain('Only managers can see insights.');
  });
});
