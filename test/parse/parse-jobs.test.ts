import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { PARSE_WORKER, parsingOn } from '../../src/parse/index.js';
import { ParsePool } from '../../src/parse/pool.js';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/retrieval/extract.js';
import { decodeAudio } from '../../src/runtime/audio/decode.js';
import { silentFlac } from '../helpers/flac.js';
import { makePdf } from '../helpers/pdf.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/audio');
const LIMITS = {
  ...DEFAULT_EXTRACT_LIMITS,
  maxHtmlDepth: 256,
  maxInflatedBytes: 8 * 2 ** 20,
  maxPages: 5,
  maxChars: 1_000,
};
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

/**
 * The real parse worker: what it decodes and extracts is exactly what decodeAudio and extractDocument give on the
 * calling thread, and each kind of bomb is refused inside it with its reason, the pool staying usable.
 */
describe('parse worker: audio and documents, as before, with limits', () => {
  const pool = new ParsePool({
    entry: PARSE_WORKER,
    workers: 1,
    memoryMb: 256,
    timeoutMs: 60_000,
    queueLimit: 16,
    log: createLogger('silent'),
  });
  const parsing = parsingOn(pool, LIMITS);
  afterAll(() => parsing.close());

  it.each(['ogg', 'webm', 'mp3', 'wav', 'flac'])(
    'decodes speech.%s to the very samples decodeAudio gives',
    async (ext) => {
      const path = join(FIXTURES, `speech.${ext}`);
      const here = await decodeAudio(readFileSync(path));
      const there = await parsing.decodeAudio({ path }, { maxDurationSec: 60 });
      expect(there.format).toBe(here.format);
      expect(there.durationSec).toBe(here.durationSec);
      expect(Buffer.from(there.samples.buffer).equals(Buffer.from(here.samples.buffer))).toBe(true);
    },
  );

  it('hands the samples over in shared memory, which the main thread passes on to the pool without copying', async () => {
    const { samples } = await parsing.decodeAudio({ path: join(FIXTURES, 'speech.ogg') }, { maxDurationSec: 60 });
    expect(samples.buffer).toBeInstanceOf(SharedArrayBuffer);
    // What the VAD request does with them: a message to another thread shares the memory instead of cloning it.
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Float32Array>((resolve) => port2.once('message', resolve));
    port1.postMessage(samples);
    const there = await received;
    samples[0] = 0.5;
    expect(there[0]).toBe(0.5);
    port1.close();
  });

  it('decodes bytes it is given, and refuses audio past the cap (413) or what is not audio (415)', async () => {
    const decoded = await parsing.decodeAudio({ bytes: silentFlac(3) }, { maxDurationSec: 60 });
    expect(decoded.durationSec).toBeCloseTo(3.072, 2); // 36 blocks of 4096 samples at 48 kHz
    // STREAMINFO says nothing about the length: only decoding finds out, and it stops at the cap.
    expect(await refusal(parsing.decodeAudio({ bytes: silentFlac(600, 0) }, { maxDurationSec: 20 }))).toEqual({
      code: 'payload_too_large',
      message: 'the audio is longer than 20 seconds',
    });
    expect(
      await refusal(parsing.decodeAudio({ bytes: utf8('<html>not audio</html>') }, { maxDurationSec: 20 })),
    ).toMatchObject({ code: 'unsupported_media' });
  });

  it('extracts PDF (plain and compressed), HTML and Markdown exactly as extractDocument does', async () => {
    const pages = [
      ['Quarterly report', 'Revenue grew by 12 percent (in euros).'],
      ['Outlook', 'Costs fell; hiring continues.'],
    ];
    const inputs = [
      { bytes: makePdf(pages, 'Q3 Report'), filename: 'q3.pdf' },
      { bytes: makePdf(pages, 'Q3 Report', { deflate: true }), filename: 'q3-deflated.pdf' },
      {
        bytes: utf8(
          '<html><head><title>Ship log</title></head><body><article><h1>Ship log</h1><p>The captain sails.</p></article></body></html>',
        ),
      },
      { bytes: utf8('# Runbook\n\nRestart the bot.'), filename: 'runbook.md' },
    ];
    for (const input of inputs) {
      expect(await parsing.extractDocument(input)).toEqual(await extractDocument(input, LIMITS));
    }
    const deflated = { bytes: makePdf(pages, 'Q3 Report', { deflate: true }) };
    expect((await parsing.extractDocument(deflated)).text).toBe(
      'Quarterly report\nRevenue grew by 12 percent (in euros).\n\nOutlook\nCosts fell; hiring continues.',
    );
  });

  it('refuses a PDF whose content stream inflates past the limit, too many pages, or too much text (413)', async () => {
    const bomb = makePdf([['Hello']], 'Bomb', { padding: 64 * 2 ** 20 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(await refusal(parsing.extractDocument({ bytes: bomb }))).toEqual({
      code: 'payload_too_large',
      message: "the PDF's compressed streams inflate to more than 8 MiB",
    });
    const many = makePdf(Array.from({ length: 6 }, (_, i) => [`Page ${i}`]));
    expect(await refusal(parsing.extractDocument({ bytes: many }))).toEqual({
      code: 'payload_too_large',
      message: 'the PDF has 6 pages; the limit is 5',
    });
    const wordy = makePdf(
      Array.from({ length: 4 }, (_, p) => Array.from({ length: 30 }, (_, i) => `p${p} l${i} words`)),
    );
    expect(await refusal(parsing.extractDocument({ bytes: wordy }))).toEqual({
      code: 'payload_too_large',
      message: 'the PDF holds more than 1000 characters of text',
    });
    expect(
      await refusal(parsing.extractDocument({ bytes: utf8('word '.repeat(400)), filename: 'a.txt' })),
    ).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses 100,000 nested elements (422) before building a DOM, and still reads a normal page after', async () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}</body></html>`;
    expect(await refusal(parsing.extractDocument({ bytes: utf8(deep) }))).toEqual({
      code: 'unprocessable',
      message: 'the HTML is nested more than 256 elements deep, which no readable page needs',
    });
    // Nesting up to the limit is fine, and so are many unclosed paragraphs (they close each other).
    const nested = `<html><body>${'<div>'.repeat(200)}<p>inside</p>${'</div>'.repeat(200)}${'<p>para '.repeat(100)}</body></html>`;
    expect((await parsing.extractDocument({ bytes: utf8(nested) })).text).toContain('inside');
    expect(pool.replaced).toBe(0);
  });
});
