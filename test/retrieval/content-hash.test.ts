import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/retrieval/content-hash.js';

/** What the knowledge base hashed before contentHash: the whole text at once. */
const wholeText = (text: string) => createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');

describe('contentHash', () => {
  it('equals the hash of the whole text with whitespace runs as one space and trimmed, at any slice size', async () => {
    const texts = [
      '',
      '   ',
      'one',
      '  leading and trailing  \n',
      'tabs\tand\n\nnewlines\r\n and\u00a0no-break\u2028line\u3000ideographic\ufeffbom',
      'surrogates 🏴‍☠️🙂 at 𝒜 every 𝔅 place 🙂🙂🙂',
      'a  '.repeat(50) + 'b\n\n\n'.repeat(20),
    ];
    for (const text of texts) {
      for (const slice of [1, 2, 3, 5, 8, 64, 1_000_000]) {
        expect(await contentHash(text, slice), `${JSON.stringify(text.slice(0, 20))} in slices of ${slice}`).toBe(
          wholeText(text),
        );
      }
    }
  });

  it('tells different texts apart and ignores how they are wrapped', async () => {
    expect(await contentHash('the same words')).toBe(await contentHash('the\nsame   words\n'));
    expect(await contentHash('the same words')).not.toBe(await contentHash('the same word'));
  });

  it('lets the event loop run between slices of a long text', async () => {
    const text = 'word and more words\n'.repeat(50_000);
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer');
        resolve();
      }, 0),
    );
    const hash = await contentHash(text);
    order.push('hashed');
    await timer;
    expect(order).toEqual(['timer', 'hashed']);
    expect(hash).toBe(wholeText(text));
  });
});
