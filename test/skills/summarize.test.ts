import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_CHARS } from '../../src/skills/summarize/map-reduce.js';
import { textWindows } from '../../src/skills/text-windows.js';
import { eventually } from '../adapters/contract.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { generatedText } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type MemoryServer, startMemoryServer } from '../helpers/memory-server.js';

interface Summary {
  summary: string;
  source: string;
  messages?: number;
  windows: number;
  model?: { repo: string; revision: string };
}

/**
 * The generator fixture quotes the last line of its prompt's last user turn (known.ts): a summary shows which
 * text, and which part of it, came last in the prompt.
 */
const summaryOf = (lastLine: string) => generatedText({ lastLine });

/** Sentences of everyday words: about 2.5 windows' worth, so the summary has to be map-reduced. */
const LONG_TEXT = Array.from(
  { length: 260 },
  (_, i) => `Sentence ${i} of the notes: the patch release fixed the crash in the game server tonight.`,
).join(' ');

describe('summarize (fixture generator through the real runtime, over the API and the core)', () => {
  const modelsDir = tempDir('omb-models-');
  const chat = new RecordingAdapter();
  let server: MemoryServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['generator'] });
    server = await startMemoryServer({
      adapters: [chat],
      env: { MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', API_KEYS: 'k', RUNTIME_WORKERS: '1' },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const summarize = (body: object) =>
    fetch(`${server.url}/v1/skills/summarize`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const historyReads = () => chat.platformOps.filter((op) => op.op === 'history');

  it('summarizes a text sent to POST /v1/skills/summarize with the generator, in one window', async () => {
    const text = 'The captain sails the ship to the island. The treasure is buried there.';
    const res = await summarize({ text });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Summary;
    expect(body).toMatchObject({ summary: summaryOf(text), source: 'text', windows: 1 });
    expect(body.model?.repo).toBe('onnx-community/Qwen2.5-0.5B-Instruct');
  });

  it('map-reduces a text longer than one window: each window, then the summaries', async () => {
    const windows = textWindows(LONG_TEXT, WINDOW_CHARS).map((w) => w.text.trim());
    const expected = windows.length;
    expect(expected).toBeGreaterThan(1);
    // The last window's summary comes last in the combining prompt, as "Part n: …".
    const summary = summaryOf(`Part ${expected}: ${summaryOf(windows.at(-1) ?? '')}`);
    expect(summary).toContain(`Last line: "Part ${expected}: Arr! Last line: "Sentence `);
    const body = (await (await summarize({ text: LONG_TEXT })).json()) as Summary;
    expect(body).toMatchObject({ summary, source: 'text', windows: expected });

    // In chat the person waiting sees which part is being read, then the summary with its header.
    const where = { channelId: 'docs', userId: 'u1' };
    await chat.command('summarize', { text: LONG_TEXT }, where);
    await eventually(
      () => expect(chat.visible(where)).toEqual([`**Summary** (read in ${expected} parts)\n${summary}`]),
      15_000,
    );
    const shown = chat.recorded.flatMap((r) => (r.op === 'send' || r.op === 'edit' ? [r.reply.text] : []));
    expect(shown).toContain(`Reading part 1 of ${expected}…`);
  });

  it('summarizes the thread it is used in from the platform history, the bot’s answers included', async () => {
    const thread = { channelId: 'c1', threadId: 't1' };
    chat.seed({ channelId: 'c1' }, [{ authorId: 'u9', authorName: 'Zed', text: 'a channel message, not the thread' }]);
    chat.seed(thread, [
      { authorId: 'u1', authorName: 'Ana', text: 'the game server crashed after the patch' },
      { authorId: 'b1', authorName: 'Helper', text: 'restart it with the old build', isBot: true },
      { authorId: 'u2', authorName: 'Bo', text: 'fixed, it works again' },
    ]);
    await chat.command('summarize', {}, { ...thread, userId: 'u1' });
    await eventually(() =>
      expect(chat.visible(thread)).toEqual([
        `**Summary of this thread** (3 messages)\n${summaryOf('Bo: fixed, it works again')}`,
      ]),
    );
    expect(historyReads().at(-1)).toEqual({ op: 'history', channelId: 'c1', threadId: 't1', limit: 200 });

    // The message action reads the same thread; the summary just posted is part of it now.
    const target = { id: 'w2', text: 'the game server crashed after the patch', authorId: 'u1', attachments: [] };
    await chat.messageAction('summarize', target, { ...thread, userId: 'u2' });
    await eventually(() => expect(chat.visible(thread)[1]).toContain('(4 messages)'));

    // "@bot tl;dr" is a request for a summary, not a question for the knowledge base.
    await chat.mention('tl;dr', { ...thread, userId: 'u2' });
    await eventually(() => expect(chat.visible(thread)[2]).toMatch(/^\*\*Summary of this thread\*\* \(\d+ messages\)/));
  });

  it('summarizes a channel’s latest messages, as many as asked', async () => {
    const channel = { channelId: 'c5' };
    chat.seed(channel, [
      { authorId: 'u1', text: 'anyone up for a game tonight?' },
      { authorId: 'u2', text: 'yes, after the update' },
      { authorId: 'u3', text: 'the update is out' },
    ]);
    await chat.command('summarize', { what: 'channel', messages: 2 }, { ...channel, userId: 'u1' });
    await eventually(() =>
      expect(chat.visible(channel)).toEqual([
        `**Summary of the last 2 messages in this channel**\n${summaryOf('u3: the update is out')}`,
      ]),
    );
    expect(historyReads().at(-1)).toMatchObject({ channelId: 'c5', threadId: undefined, limit: 2 });
  });

  it('says there is nothing to summarize in an empty channel, rather than staying silent', async () => {
    await chat.command('summarize', { what: 'channel' }, { channelId: 'quiet', userId: 'u1' });
    await eventually(() =>
      expect(chat.visible({ channelId: 'quiet' })).toEqual(['There are no messages in this channel to summarize yet.']),
    );
  });

  it('gives a reason for a thread outside any thread, and for conversations over the API', async () => {
    await chat.command('summarize', { what: 'thread' }, { channelId: 'c7', userId: 'u1' });
    await eventually(() => expect(chat.visible({ channelId: 'c7' })[0]).toContain('there is no thread here'));

    for (const body of [{ what: 'thread' }, { what: 'channel' }, {}]) {
      const res = await summarize(body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error).toMatchObject({
        code: 'bad_request',
        message: expect.stringContaining("can't read conversations"),
      });
    }
    const empty = await summarize({ what: 'text', text: '   ' });
    expect(empty.status).toBe(400);
    expect((await summarize({ text: 'x'.repeat(60_001) })).status).toBe(400);
  });
});
