import { describe, expect, it } from 'vitest';
import { approximateTokens, chunkText, chunkTextInSlices } from '../../src/retrieval/chunking.js';

const doc = [
  '# Pirates',
  '',
  'Guybrush wants to be a pirate. He sails to Mêlée Island. The Scumm Bar is full of pirates.',
  '',
  'The governor lives in a mansion. Her name is Elaine.',
  '',
  '## Treasure',
  '',
  'The treasure is buried near the big tree. Dig at noon.',
  '',
  '```js',
  'const map = findMap();',
  '```',
].join('\n');

describe('chunkText', () => {
  it('keeps offsets exact and every chunk within the token limit', () => {
    for (const max of [8, 16, 32, 256]) {
      const chunks = chunkText(doc, { maxTokens: max, overlapTokens: 4 });
      for (const c of chunks) {
        expect(doc.slice(c.start, c.end)).toBe(c.text);
        expect(approximateTokens(c.text)).toBeLessThanOrEqual(max);
      }
    }
  });

  it('covers the whole text: every sentence is in some chunk', () => {
    const chunks = chunkText(doc, { maxTokens: 16, overlapTokens: 4 });
    for (const sentence of [
      'He sails to Mêlée Island.',
      'Her name is Elaine.',
      'Dig at noon.',
      'const map = findMap();',
    ]) {
      expect(chunks.some((c) => c.text.includes(sentence))).toBe(true);
    }
  });

  it('starts a chunk at a heading and records it; code blocks stay whole', () => {
    const chunks = chunkText(doc, { maxTokens: 64, overlapTokens: 0 });
    expect(chunks.map((c) => c.heading)).toEqual(['Pirates', 'Treasure']);
    expect(chunks[1]?.text).toContain('```js\nconst map = findMap();\n```');
  });

  it('repeats the end of a chunk at the start of the next (overlap), within a section', () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const chunks = chunkText(text, { maxTokens: 20, overlapTokens: 6 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) {
      expect((chunks[i] as { start: number }).start).toBeLessThan((chunks[i - 1] as { end: number }).end);
    }
  });

  it('cuts a sentence longer than a chunk at word boundaries', () => {
    const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(long, { maxTokens: 30, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.map((c) => c.text).join(' ')).toBe(long);
  });

  it('is deterministic', () => {
    expect(chunkText(doc)).toEqual(chunkText(doc));
    expect(chunkText('')).toEqual([]);
  });
});

/** A long document with everything the chunker distinguishes: headings, paragraphs, code, run-on text, blank lines. */
function longDocument(sections: number): string {
  const parts: string[] = [];
  for (let s = 0; s < sections; s++) {
    parts.push(`## Section ${s}`, '');
    parts.push(`First line of paragraph ${s}. It goes on! Does it? Yes.\nA second line in the same paragraph.`, '');
    if (s % 7 === 0) parts.push('```ts', `const value${s} = compute(${s});`, '```', '');
    if (s % 11 === 0) parts.push(Array.from({ length: 300 }, (_, i) => `run${s}x${i}`).join(' '), '');
    parts.push(`Unicode too: Mêlée ${s}。次の文！ Emoji 🏴‍☠️ ${s}.`, '', '   ', '');
  }
  return parts.join('\n');
}

describe('chunkTextInSlices', () => {
  it('gives exactly the chunks chunkText gives', async () => {
    for (const [text, options] of [
      [doc, { maxTokens: 16, overlapTokens: 4 }],
      [doc, {}],
      ['', {}],
      [longDocument(400), { maxTokens: 64, overlapTokens: 8 }],
      [longDocument(400), {}],
    ] as const) {
      expect(await chunkTextInSlices(text, options)).toEqual(chunkText(text, options));
    }
  });

  it('lets the event loop run while it chunks a long document', async () => {
    const text = longDocument(1500);
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer');
        resolve();
      }, 0),
    );
    const chunks = await chunkTextInSlices(text);
    order.push('chunked');
    await timer;
    expect(order).toEqual(['timer', 'chunked']);
    expect(chunks).toEqual(chunkText(text));
  });
});
