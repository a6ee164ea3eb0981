import { describe, expect, it } from 'vitest';
import { MAX_NAMES_LOOKED_UP, plainText, unlabelledMentions } from '../../../src/adapters/slack/plain-text.js';

describe("Slack's message markup read as plain text", () => {
  const names = new Map([['U0ANA00001', 'Ana']]);

  it('undoes the escapes of &, < and > once, so text echoed back is not escaped twice', () => {
    expect(plainText('Tom &amp; Jerry &lt;3 a&gt;b')).toBe('Tom & Jerry <3 a>b');
    expect(plainText('&amp;lt; stays as typed')).toBe('&lt; stays as typed');
  });

  it('names people, channels, groups and broadcasts as people see them', () => {
    expect(plainText('hi <@U0ANA00001> and <@U0BOB00001|bob>', names)).toBe('hi @Ana and @bob');
    expect(plainText('ask <@U0NOBODY01>')).toBe('ask @U0NOBODY01');
    expect(plainText('see <#C0GENERAL1|general> or <#C0OTHER001>')).toBe('see #general or #C0OTHER001');
    expect(plainText('<!here> <!channel> <!everyone> <!here|here>')).toBe('@here @channel @everyone @here');
    expect(plainText('<!subteam^S0TEAM0001|@devs> <!subteam^S0TEAM0002>')).toBe('@devs @S0TEAM0002');
    expect(plainText('at <!date^1392734382^{date_short}|Feb 18, 2014>')).toBe('at Feb 18, 2014');
  });

  it('shows a link as its address, or as its label and address', () => {
    expect(plainText('<https://x.org/a?b=1&amp;c=2>')).toBe('https://x.org/a?b=1&c=2');
    expect(plainText('<http://example.com|example.com>')).toBe('http://example.com');
    expect(plainText('<https://x.org/doc.pdf|the paper &amp; notes>')).toBe(
      'the paper & notes (https://x.org/doc.pdf)',
    );
    expect(plainText('<mailto:ana@x.org|ana@x.org>')).toBe('ana@x.org');
  });

  it('lists the people to look up: unlabelled mentions once each, at most a bounded number', () => {
    expect(unlabelledMentions('<@U0A> <@U0B|bee> <@U0A> <#C0C> <!here>')).toEqual(['U0A']);
    const many = Array.from({ length: 500 }, (_, i) => `<@U0X${i}>`).join(' ');
    expect(unlabelledMentions(many)).toHaveLength(MAX_NAMES_LOOKED_UP);
  });

  it('reads hostile text in one pass: unclosed brackets and nested markup stay text, nothing becomes markup', () => {
    const hostile = `${'<@U1|'.repeat(20_000)}&lt;!channel&gt;`;
    const shown = plainText(hostile);
    expect(shown.endsWith('<!channel>')).toBe(true); // plain text now: the renderer escapes it on the way out
    expect(plainText('<<!channel>>')).toBe('<@channel>');
  });
});
