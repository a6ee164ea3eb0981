import { describe, expect, it } from 'vitest';
import { discordJsBody, renderReply } from '../../src/adapters/discord/render.js';
import { renderMessages, toMrkdwn } from '../../src/adapters/slack/render.js';
import { discordPing } from '../fakes/fake-discord/gateway.js';
import { MASS_MENTION } from '../fakes/skills.js';

/** The renderers are where the no-ping rule lives: every message either platform gets is made here. */
describe('Discord bodies ping nobody unless a reply names exact ids', () => {
  it('puts an empty allowed_mentions on every part of a long reply, whatever the text says', () => {
    const bodies = renderReply({ text: `${MASS_MENTION} ${'x '.repeat(2500)}`, fields: [{ name: 'a', value: 'b' }] });
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(discordPing(body as unknown as Record<string, unknown>)).toBeUndefined();
    }
  });

  it('pings exactly the ids a reply names, from its first part only', () => {
    const [first, second] = renderReply({ text: `${MASS_MENTION}\n${'y '.repeat(1200)}`, ping: { roles: ['77'] } });
    expect(first.content.startsWith('<@&77> @everyone')).toBe(true);
    expect(first.allowed_mentions).toEqual({ parse: [], roles: ['77'], replied_user: false });
    expect(second?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("gives discord.js its own option name, so the client's default is not what decides", () => {
    const [body] = renderReply({ text: MASS_MENTION, ping: { users: ['5'] } });
    expect(discordJsBody(body)).toEqual({
      content: `<@5> ${MASS_MENTION}`,
      allowedMentions: { parse: [], users: ['5'], repliedUser: false },
    });
  });
});

describe('Slack text has no mention markup unless a reply names exact ids', () => {
  const markup = /<[!@]/;

  it('escapes the control characters in prose, code spans and code blocks alike', () => {
    const text = `${MASS_MENTION} \`<!here> <@U123>\`\n\`\`\`\n<!everyone> &amp;\n\`\`\`\n**bold** [link](https://example.com/a)`;
    const shown = toMrkdwn(text);
    expect(shown).not.toMatch(markup);
    expect(shown).toContain('`&lt;!here&gt; &lt;@U123&gt;`');
    expect(shown).toContain('&lt;!everyone&gt; &amp;amp;');
    // Markdown still becomes mrkdwn.
    expect(shown).toContain('*bold* <https://example.com/a|link>');
  });

  it('keeps a link from smuggling markup after a pipe', () => {
    expect(toMrkdwn('[x](https://a.example|<!channel>)')).not.toMatch(markup);
  });

  it("sends every mrkdwn text verbatim, so Slack's automatic parsing cannot turn a plain @here into a ping", () => {
    const [message] = renderMessages({
      text: 'hi @here and @channel, see #general',
      fields: [{ name: 'a', value: '@everyone' }],
    });
    const texts = JSON.stringify(message?.blocks).match(/"type":"mrkdwn"[^}]*}/g) ?? [];
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text).toContain('"verbatim":true');
  });

  it('links bare addresses itself (verbatim text is not linked by Slack), leaving punctuation and links alone', () => {
    expect(toMrkdwn('see https://x.org/a?b=1&c=2. or (https://y.org)')).toBe(
      'see <https://x.org/a?b=1&amp;c=2>. or (<https://y.org>)',
    );
    expect(toMrkdwn('[docs](https://x.org/d) `https://code.example`')).toBe(
      '<https://x.org/d|docs> `https://code.example`',
    );
  });

  it('pings the users and user groups a reply names, and only well-formed ids', () => {
    const [message] = renderMessages({ text: MASS_MENTION, ping: { users: ['U1'], roles: ['S9', '><!channel'] } });
    const sections = JSON.stringify(message?.blocks);
    expect(
      sections.startsWith('[{"type":"section","text":{"type":"mrkdwn","text":"<!subteam^S9> <@U1> @everyone'),
    ).toBe(true);
    expect(sections.match(/<[!@]/g)).toHaveLength(2);
  });
});
