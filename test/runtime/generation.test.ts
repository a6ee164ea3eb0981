import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { GenerationOutput } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { generatedText, SUMMARY_QUOTED, summaryText } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from './fixture-pool.js';

describe('text generation (decoder-only, KV cache) in the pool', () => {
  const dir = tempDir('omb-gen-');
  let pool: WorkerPool;
  const messages = [{ role: 'user' as const, content: 'Where is the treasure?' }];
  /** What the fixture answers `messages`: it quotes the last line of the last user turn. */
  const answer = generatedText({ lastLine: 'Where is the treasure?' });

  beforeAll(() => {
    writeFixtures(dir, { only: ['generator'] });
    pool = testPool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const generate = (input: object, options = {}) =>
    pool.run(fixtureHandle(dir, 'generator'), input, options) as Promise<GenerationOutput>;

  it('generates through the chat template, streaming the pieces as they come', async () => {
    const pieces: string[] = [];
    const output = await generate(
      { messages, maxNewTokens: 200, stream: true },
      { onToken: (t: string) => pieces.push(t) },
    );
    expect(output).toEqual({ text: answer, tokens: Buffer.byteLength(answer), finishReason: 'stop' });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(answer);
  });

  it('works for any prompt length (the cache carries where generation started)', async () => {
    const content = 'Tell me, in great detail, where the treasure is hidden. '.repeat(5);
    const long = [{ role: 'user' as const, content }];
    expect((await generate({ messages: long, maxNewTokens: 200 })).text).toBe(generatedText({ lastLine: content }));
    expect((await generate({ prompt: 'Ahoy', maxNewTokens: 200 })).text).toBe(generatedText());
  });

  it('is prompted in the chat template: the last user turn, closed, then the assistant turn opened', async () => {
    const conversation = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Passages:\n[1] one\n\n[2] two is here\n\nQuestion: which one?' },
      { role: 'assistant' as const, content: 'Two.' },
      { role: 'user' as const, content: 'First line\nAnd the last?' },
    ];
    expect((await generate({ messages: conversation, maxNewTokens: 200 })).text).toBe(
      generatedText({ passage2: 'two is here', lastLine: 'And the last?' }),
    );
    // The same words as a plain prompt: no chat turns, so no last line is quoted.
    const plain = conversation.map((m) => m.content).join('\n');
    expect((await generate({ prompt: plain, maxNewTokens: 200 })).text).toBe(
      generatedText({ passage2: 'two is here' }),
    );
  });

  it('stops at the token budget and says so', async () => {
    const output = await generate({ messages, maxNewTokens: 5 });
    expect(output).toEqual({ text: answer.slice(0, 5), tokens: 5, finishReason: 'length' });
  });

  it('stops early when the caller cancels', async () => {
    const controller = new AbortController();
    const output = await generate(
      { messages, maxNewTokens: 200, stream: true },
      { signal: controller.signal, onToken: () => controller.abort() },
    );
    expect(output.finishReason).toBe('cancelled');
    expect(output.text.length).toBeLessThan(answer.length);
    expect(answer.startsWith(output.text)).toBe(true);
  });
});

describe('text-to-text generation (seq2seq, merged decoder with cache) in the pool', () => {
  const dir = tempDir('omb-t5-');
  let pool: WorkerPool;

  beforeAll(() => {
    writeFixtures(dir, { only: ['summarizer'] });
    pool = testPool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('encodes the input once and decodes step by step with the cache, reading what the encoder read', async () => {
    const summarize = (prompt: string, onToken?: (t: string) => void) =>
      pool.run(
        fixtureHandle(dir, 'summarizer'),
        { prompt, maxNewTokens: 50, stream: true },
        { onToken },
      ) as Promise<GenerationOutput>;
    const pieces: string[] = [];
    const prompt = 'summarize: the pirates met at the bar and talked about the treasure';
    const output = await summarize(prompt, (t) => pieces.push(t));
    expect(output).toEqual({ text: summaryText(prompt), tokens: 1 + SUMMARY_QUOTED, finishReason: 'stop' });
    expect(summaryText(prompt)).toBe('Summary: about the treasure');
    expect(pieces.join('').trim()).toBe(summaryText(prompt));
    const other = 'summarize: the pirates met at the bar';
    expect((await summarize(other)).text).toBe('Summary: at the bar');
  });
});
