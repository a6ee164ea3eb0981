import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from '../../src/adapters/split.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('splitMessage', () => {
  it('keeps a short message whole', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
  });

  it('cuts 5,000 characters into ordered parts under the limit, at word boundaries, losing nothing', () => {
    const text = words(700);
    const parts = splitMessage(text);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
    expect(parts.join(' ')).toBe(text);
    for (const part of parts) expect(part).toMatch(/^word\d+.*word\d+$/s);
  });

  it('prefers paragraph and line breaks over spaces', () => {
    const text = `${'a '.repeat(600)}\n\n${'b '.repeat(600)}`.replace(/ \n/g, '\n');
    const parts = splitMessage(text, 1500);
    expect(parts[0]?.endsWith('a')).toBe(true);
    expect(parts[1]?.startsWith('b')).toBe(true);
  });

  it('closes a code block cut in two and reopens it with its language', () => {
    const code = Array.from({ length: 120 }, (_, i) => `console.log(${i}); // line ${i}`).join('\n');
    const text = `Here is the code:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`;
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
      expect((part.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    expect(parts[1]?.startsWith('```ts\n')).toBe(true);
    const rejoined = parts.join('\n').replace(/\n```\n```ts\n/g, '\n');
    expect(rejoined).toBe(text);
  });

  it('cuts a single overlong word hard, without splitting a surrogate pair', () => {
    const text = '😀'.repeat(1500);
    const parts = splitMessage(text);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });
});
