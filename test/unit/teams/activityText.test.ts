import { cleanText, type TeamsActivity } from '../../../src/platforms/teams/activity';
import { plainTextOf } from '../../../src/platforms/teams/messageAction';

const activity = (text: string): TeamsActivity => ({
  type: 'message',
  text,
  serviceUrl: 'https://smba.example.com/',
  channelId: 'msteams',
  from: { id: '29:a' },
  recipient: { id: '28:bot' },
  conversation: { id: '19:c@thread.tacv2' },
});

describe('Teams text as the person wrote it', () => {
  it('decodes each entity once: someone who typed "&lt;" sees "&lt;", not "<"', () => {
    expect(cleanText(activity('T4 &amp;lt;b&amp;gt; &lt;3 &quot;hi&quot; it&#39;s&nbsp;cold'))).toBe(
      'T4 &lt;b&gt; <3 "hi" it\'s cold',
    );
    expect(plainTextOf({ contentType: 'html', content: '<p>T4 &amp;lt;b&amp;gt; &lt;3 it&#39;s</p>' })).toBe(
      "T4 &lt;b&gt; <3 it's",
    );
  });

  it('reads a Teams HTML body as the words a person wrote', () => {
    expect(
      plainTextOf({
        contentType: 'html',
        content: '<div><p>T9&nbsp;soup is <i>cold</i></p><p>&lt;b&gt; &amp;amp;</p></div>',
      }),
    ).toBe('T9 soup is cold\n<b> &amp;');
    expect(plainTextOf({ contentType: 'text', content: ' plain <b> ' })).toBe('plain <b>');
    expect(plainTextOf(undefined)).toBe('');
    // a body of 40,000 unclosed brackets costs one pass
    expect(plainTextOf({ contentType: 'html', content: '<'.repeat(40_000) })).toHaveLength(40_000);
  });
});
