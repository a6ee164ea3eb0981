import { readFileSync } from 'node:fs';
import { createLogger } from '../src/log.js';
import { PARSE_WORKER, parsingOn } from '../src/parse/index.js';
import { ParsePool } from '../src/parse/pool.js';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/retrieval/extract.js';
import { decodeAudio } from '../src/runtime/audio/decode.js';
import { makePdf } from '../test/helpers/pdf.js';
import { lagDuring } from './loop-lag.js';

const VOICE_NOTE_MINUTES = 20;
/** Enough text for a 20 MB PDF: the caps are raised so both sides extract all of it. */
const PDF_PAGES = 2_000;
const LIMITS = { ...DEFAULT_EXTRACT_LIMITS, maxPages: 5_000, maxChars: 50_000_000 };

/**
 * Event-loop delay (p99 and max) while a 20-minute voice note is decoded and a 20 MB PDF's text is extracted:
 * ours on the parse pool's worker, the peer the same call on the main thread. The voice note is the speech
 * fixture (Ogg/Opus) chained to 20 minutes; the PDF is written here, page after page of text.
 */
export async function parseLag(): Promise<Record<string, number>> {
  const clip = readFileSync('test/fixtures/audio/speech.ogg');
  const copies = Math.ceil((VOICE_NOTE_MINUTES * 60) / (await decodeAudio(clip)).durationSec);
  const voiceNote = new Uint8Array(Buffer.concat(Array.from({ length: copies }, () => clip)));
  const line = 'The quarterly report shows revenue growing by twelve percent while costs held steady again. '.repeat(2);
  const pdf = makePdf(
    Array.from({ length: PDF_PAGES }, (_, p) => Array.from({ length: 50 }, (_, l) => `${p}.${l} ${line}`)),
  );

  const pool = new ParsePool({
    entry: PARSE_WORKER,
    workers: 1,
    memoryMb: 1024,
    timeoutMs: 30 * 60_000,
    queueLimit: 4,
    log: createLogger('silent'),
  });
  const parsing = parsingOn(pool, LIMITS);
  await parsing.decodeAudio({ bytes: clip }, { maxDurationSec: 60 }); // the worker is up and its decoder loaded
  // What the machine alone does to timers (other processes, the scheduler): the floor for both sides.
  const idle = await lagDuring(() => new Promise((resolve) => setTimeout(resolve, 5_000)));
  const maxDurationSec = VOICE_NOTE_MINUTES * 60 + 60;
  const voiceOurs = await lagDuring(() => parsing.decodeAudio({ bytes: voiceNote }, { maxDurationSec }));
  const voicePeer = await lagDuring(() => decodeAudio(voiceNote, { maxDurationSec }));
  const pdfOurs = await lagDuring(() => parsing.extractDocument({ bytes: pdf }));
  const pdfPeer = await lagDuring(() => extractDocument({ bytes: pdf }, LIMITS));
  await parsing.close();
  return {
    idle_p99_ms: idle.p99,
    idle_max_ms: idle.max,
    voice_note_sec: Math.round(voiceOurs.value.durationSec),
    voice_note_ours_p99_ms: voiceOurs.p99,
    voice_note_ours_max_ms: voiceOurs.max,
    voice_note_peer_p99_ms: voicePeer.p99,
    voice_note_peer_max_ms: voicePeer.max,
    pdf_mb: Math.round(pdf.length / 2 ** 20),
    pdf_ours_p99_ms: pdfOurs.p99,
    pdf_ours_max_ms: pdfOurs.max,
    pdf_peer_p99_ms: pdfPeer.p99,
    pdf_peer_max_ms: pdfPeer.max,
    parse_goal_ms: 20,
  };
}
