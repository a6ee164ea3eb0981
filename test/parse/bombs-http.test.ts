import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { silentFlac } from '../helpers/flac.js';
import { makePdf } from '../helpers/pdf.js';
import { fixtureEnv, startTestServer, type TestServer } from '../helpers/server.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** The 95th percentile (nearest rank). */
function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Polls /healthz every 25 ms (one request at a time) and records how long each answer took. The server runs in this
 * process, so a parse on its event loop would show here as a slow answer.
 */
function pollHealth(url: string) {
  const times: number[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const started = performance.now();
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return times;
    },
  };
}

/**
 * Decompression bombs through the real routes that take them (transcription upload, knowledge-base upload): each is
 * refused with its reason by the parse pool's limits while /healthz keeps answering fast, and the server goes on
 * working afterwards. The 100 ms bound is the issue's; the benchmark (event-loop-lag) has the real figures.
 */
describe('bombs over HTTP: refused with a reason, the event loop never notices', () => {
  const modelsDir = tempDir('omb-models-');
  let server: TestServer;

  beforeAll(async () => {
    writeFixtures(modelsDir, { only: ['whisper', 'embeddings'] });
    server = await startTestServer({
      env: fixtureEnv(modelsDir, {
        TRANSCRIBE_MAX_SECONDS: '120',
        PARSE_PDF_MAX_INFLATED_BYTES: String(16 * 2 ** 20),
        PARSE_WORKERS: '1',
      }),
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const upload = (path: string, bytes: Uint8Array, name: string, type: string) => {
    const form = new FormData();
    form.set('file', new Blob([bytes], { type }), name);
    return fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: form });
  };
  const refusal = async (res: Response) => {
    const { code, message } = ((await res.json()) as ErrorBody).error;
    return { status: res.status, code, message };
  };

  it('FLAC hiding its length, a PDF stream inflating past the limit, 100k-deep HTML → 413/413/422, /healthz fast', async () => {
    // Two hours of audio in 1 MB whose STREAMINFO says "length unknown": only decoding finds out.
    const flac = silentFlac(2 * 60 * 60, 0);
    // One page whose content stream is 64 MiB of spaces, deflated to about 64 KB.
    const pdf = makePdf([['Quarterly report']], 'Bomb', { padding: 64 * 2 ** 20 });
    const html = `<!DOCTYPE html><html><body>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}</body></html>`;
    expect(flac.length).toBeLessThan(2 ** 20 + 200_000);
    expect(pdf.length).toBeLessThan(200_000);

    // The same polling with nothing to parse: on a host busy with other work, the scheduler alone delays answers.
    const idle = pollHealth(server.url);
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const idleTimes = await idle.stop();
    const poll = pollHealth(server.url);
    const audio = await refusal(await upload('/v1/skills/transcribe', flac, 'note.flac', 'audio/flac'));
    const document = await refusal(
      await upload('/v1/collections/bombs/documents', pdf, 'report.pdf', 'application/pdf'),
    );
    const page = await refusal(
      await upload('/v1/collections/bombs/documents', new Uint8Array(Buffer.from(html)), 'page.html', 'text/html'),
    );
    const times = await poll.stop();
    const [idleP95, busyP95, busyMax] = [p95(idleTimes), p95(times), Math.max(...times)];
    console.log(
      `/healthz p95: ${idleP95.toFixed(1)} ms idle (${idleTimes.length} polls), ${busyP95.toFixed(1)} ms during the bombs (${times.length}, max ${busyMax.toFixed(1)} ms)`,
    );

    expect(audio).toEqual({ status: 413, code: 'payload_too_large', message: 'the audio is longer than 2 minutes' });
    expect(document).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: "the PDF's compressed streams inflate to more than 16 MiB",
    });
    expect(page).toEqual({
      status: 422,
      code: 'unprocessable',
      message: 'the HTML is nested more than 256 elements deep, which no readable page needs',
    });
    expect(times.length).toBeGreaterThan(10);
    // The bound is 100 ms; where the machine itself is slower than that when idle, the bound is what it
    // showed idle, with 50% room. p95, not the max: one answer delayed by the host's scheduler is noise that a
    // max-against-max comparison fails on. A stall is caught anyway: decoding this FLAC on the event loop stops it
    // for over a second per 16 KiB, which no busy host explains.
    expect(busyP95).toBeLessThan(Math.max(100, idleP95 * 1.5));
    expect(busyMax).toBeLessThan(1000);
  });

  it('goes on working: a normal PDF and a normal page are added afterwards', async () => {
    const pdf = makePdf([['Quarterly report', 'Revenue grew by twelve percent.']], 'Q3 report');
    const res = await upload('/v1/collections/docs/documents', pdf, 'q3.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    const html =
      '<html><head><title>Ship log</title></head><body><article><p>The ship sails.</p></article></body></html>';
    const page = await upload(
      '/v1/collections/docs/documents',
      new Uint8Array(Buffer.from(html)),
      'log.html',
      'text/html',
    );
    expect(page.status).toBe(201);
  });
});
