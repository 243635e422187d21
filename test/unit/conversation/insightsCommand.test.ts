import { parseMessageToBot, parseRecoverCommand } from '../../../src/conversation/commands';
import { typedChannelName, watchedChannelNamed } from '../../../src/conversation/insightsChannel';
import type { WatchedChannel } from '../../../src/slips/channels';

describe('insights [30d] [#channel]', () => {
  it('reads a period and a channel in either order, the channel as written', () => {
    expect(parseRecoverCommand('insights')).toEqual({ kind: 'insights', days: 30 });
    expect(parseRecoverCommand('insights 4w')).toEqual({ kind: 'insights', days: 28 });
    expect(parseRecoverCommand('insights 30d <#C0FLOOR|shift-floor>')).toEqual({
      kind: 'insights',
      days: 30,
      channel: '<#C0FLOOR|shift-floor>',
    });
    expect(parseRecoverCommand('insights <#C0FLOOR> 7D')).toEqual({ kind: 'insights', days: 7, channel: '<#C0FLOOR>' });
    expect(parseRecoverCommand('insights #Shift-Floor')).toEqual({
      kind: 'insights',
      days: 30,
      channel: '#Shift-Floor',
    });
    expect(parseMessageToBot('insights 7d #bar')).toEqual({
      kind: 'command',
      command: { kind: 'insights', days: 7, channel: '#bar' },
    });
  });

  it('takes anything else after insights as a slip, as before', () => {
    for (const text of [
      'insights #a #b',
      'insights 7d 30d',
      'insights 500d #a',
      'insights soon #a',
      'insights 7d #a x',
    ])
      expect(parseRecoverCommand(text)).toEqual({ kind: 'report', text });
  });

  it('still reads the digest settings', () => {
    expect(parseRecoverCommand('insights digest')).toEqual({ kind: 'digest', setting: 'show' });
    expect(parseRecoverCommand('insights digest OFF')).toEqual({ kind: 'digest', setting: 'off' });
    expect(parseRecoverCommand('insights digest tue 7:30')).toEqual({
      kind: 'digest',
      setting: { weekday: 2, time: '07:30' },
    });
    expect(parseRecoverCommand('insights digest tue 7:30 x').kind).toBe('report');
  });
});

describe('the watched channel an insights command names', () => {
  const watched: WatchedChannel[] = [
    { tenant: 't', channel: 'C0FLOOR', name: 'shift-floor', by: 'U1', at: 1 },
    { tenant: 't', channel: 'C0BAR', by: 'U1', at: 2 },
    { tenant: 't', channel: 'shift-patio', name: '#Patio', by: 'U1', at: 3 },
  ];

  it("finds Slack's <#id|name> by its id, whatever name it carries", () => {
    expect(watchedChannelNamed(watched, '<#C0FLOOR|shift-floor>')?.channel).toBe('C0FLOOR');
    expect(watchedChannelNamed(watched, '<#C0BAR|renamed>')?.channel).toBe('C0BAR');
    expect(watchedChannelNamed(watched, '<#C0BAR>')?.channel).toBe('C0BAR');
    // a name does not make another id one of ours
    expect(watchedChannelNamed(watched, '<#C0OTHER|shift-floor>')).toBeUndefined();
  });

  it('finds #name by the name it was watched under, or by its id', () => {
    expect(watchedChannelNamed(watched, '#SHIFT-FLOOR')?.channel).toBe('C0FLOOR');
    expect(watchedChannelNamed(watched, '#patio')?.channel).toBe('shift-patio');
    expect(watchedChannelNamed(watched, '#shift-patio')?.channel).toBe('shift-patio');
    expect(watchedChannelNamed(watched, '#kitchen')).toBeUndefined();
    expect(watchedChannelNamed(watched, '#')).toBeUndefined();
  });

  it('says back the name typed, if any', () => {
    expect(typedChannelName('<#C0BAR|bar>')).toBe('bar');
    expect(typedChannelName('<#C0BAR|>')).toBeUndefined();
    expect(typedChannelName('<#C0BAR>')).toBeUndefined();
    expect(typedChannelName('#kitchen')).toBe('kitchen');
  });
});
