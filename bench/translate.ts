import { cpus } from 'node:os';
import path from 'node:path';
import { pipeline } from '@huggingface/transformers';
import type { ModelHandle } from '../src/runtime/protocol.js';
import type { TranslationInput } from '../src/runtime/tasks.js';
import { benchModel, benchPool } from './models.js';
import { median } from './stats.js';

const SENTENCES = [
  'Hallo Welt und Freunde, schau hier.',
  'Guten Morgen, danke für die Hilfe gestern Abend.',
  'Wir treffen uns morgen um acht Uhr am Bahnhof.',
  'Das neue Update hat den Fehler im Chat behoben.',
  'Kannst du mir bitte den Link zum Dokument schicken?',
  'Der Server war heute Nacht zwei Stunden lang nicht erreichbar.',
  'Ich habe keine Ahnung, wovon du redest.',
  'Vielen Dank an alle, die beim Turnier mitgemacht haben!',
];
const MAX_NEW_TOKENS = 48;
const ROUNDS = 3;

/**
 * Translation, sentences per second: ours (the pool, one worker with all the cores) against transformers.js'
 * translation pipeline on the calling thread, same files (the int8 graphs the manifest pulls), same ORT threads,
 * German → English, greedy, the same token budget. The model is BENCH_TRANSLATOR_DIR when set (a pulled
 * Xenova/m2m100_418M: `omb models pull translator`), else the generated translator fixture. That fixture has no
 * full-size random-weight variant yet (the rows say `model: fixture`): on it the numbers measure the pipelines'
 * own overhead (tokenizing, forcing, the generation loop, worker hops), not M2M100's matrix work.
 */
export async function translate(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const given = process.env.BENCH_TRANSLATOR_DIR;
  const { handle, dir } = given ? pulled(given) : benchModel('translator');
  const pool = benchPool(threads, SENTENCES.length * 2);
  const input = (text: string): TranslationInput => ({ text, from: 'de', to: 'en', maxNewTokens: MAX_NEW_TOKENS });
  await pool.run(handle, input('Guten Morgen'));
  const peer = (await pipeline('translation', dir, {
    local_files_only: true,
    dtype: 'q8',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  })) as unknown as (text: string, options: object) => Promise<unknown>;
  const peerOptions = { src_lang: 'de', tgt_lang: 'en', max_new_tokens: MAX_NEW_TOKENS };
  await peer('Guten Morgen', peerOptions);
  // Rounds alternate (ours, theirs, ours…) so a shared machine's changing load falls on both sides alike.
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    for (const sentence of SENTENCES) await pool.run(handle, input(sentence));
    ours.push(SENTENCES.length / ((performance.now() - started) / 1000));
    started = performance.now();
    for (const sentence of SENTENCES) await peer(sentence, peerOptions);
    theirs.push(SENTENCES.length / ((performance.now() - started) / 1000));
  }
  await pool.close();
  const o = median(ours);
  const t = median(theirs);
  return {
    model: given ? 'pulled' : 'fixture',
    ours_sentences_per_s: round(o),
    peer_sentences_per_s: round(t),
    ratio: round(o / t),
    sentences: SENTENCES.length,
    max_new_tokens: MAX_NEW_TOKENS,
    rounds: ROUNDS,
    threads,
  };
}

function pulled(dir: string): { handle: ModelHandle; dir: string } {
  const files = ['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'];
  return { handle: { key: `bench:${path.basename(dir)}`, dir, task: 'translation', files, bytes: 0 }, dir };
}

/** Three significant digits. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
