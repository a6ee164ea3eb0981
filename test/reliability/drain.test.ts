import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../adapters/contract.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { MAP_REDUCED_SUMMARY } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { type ServerProcess, spawnCli } from '../helpers/process.js';

/** Sentences enough for several windows of the summarizer: a streamed answer that takes a while. */
const LONG_TEXT = Array.from(
  { length: 600 },
  (_, i) => `Sentence ${i} of the minutes: the team agreed to ship the patch after the crash in the game server.`,
).join(' ');

interface SseEvent {
  event: string;
  data: string;
  /** Date.now() when it arrived. */
  at: number;
}

/** Reads a Server-Sent Events body to its end, calling `onEvent` for each event as it arrives. */
async function readEvents(res: Response, onEvent: (e: SseEvent) => void): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    const blocks = pending.split('\n\n');
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const field = (name: string) =>
        block
          .split('\n')
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).trimStart())
          .join('\n');
      const event = { event: field('event') || 'message', data: field('data'), at: Date.now() };
      events.push(event);
      onEvent(event);
    }
  }
  return events;
}

describe('SIGTERM drains streamed answers', () => {
  const modelsDir = tempDir('omb-models-');
  const dirs: string[] = [];
  const children: ServerProcess[] = [];
  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['generator'] });
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('a summary streaming over SSE when SIGTERM arrives finishes with its result before the process exits', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const proc = spawnCli(
      ['start'],
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dir, 'data'),
        MODELS_DIR: modelsDir,
        MODELS_OFFLINE: '1',
        API_KEYS: 'k',
        RUNTIME_WORKERS: '1',
        SHUTDOWN_GRACE_MS: '120000',
      },
      dir,
    );
    children.push(proc);
    const url = `http://127.0.0.1:${await proc.listening}`;
    await eventually(async () => expect((await fetch(`${url}/readyz`)).status).toBe(200), 30_000);

    const res = await fetch(`${url}/v1/skills/summarize`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: LONG_TEXT }),
    });
    expect(res.status).toBe(200);
    let signalled = false;
    const events = await readEvents(res, (e) => {
      // The first piece of progress: the answer is streaming. The signal arrives mid-stream.
      if (e.event === 'progress' && !signalled) {
        signalled = true;
        proc.child.kill('SIGTERM');
      }
    });
    const last = events.at(-1);
    expect(last?.event).toBe('result');
    expect(JSON.parse(last?.data ?? '{}')).toMatchObject({
      summary: expect.stringMatching(MAP_REDUCED_SUMMARY),
      source: 'text',
    });
    expect(await proc.exited).toBe(0);
    // The drain began while the stream still had work to do, and the stream ended before the process stopped.
    const shuttingDown = proc.logs.find((l) => l.msg === 'shutting down');
    expect(Date.parse(String(shuttingDown?.time))).toBeLessThan(last?.at ?? 0);
    expect(proc.logs.some((l) => l.msg === 'grace period over; closing with work in flight')).toBe(false);
  }, 180_000);
});
