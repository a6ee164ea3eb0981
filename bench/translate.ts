import { cpus } from 'node:os';
import path from 'node:path';
import { pipeline } from '@huggingface/transformers';
import type { ModelHandle } from '../src/runtime/protocol.js';
import type { TranslationInput, TranslationOutput } from '../src/runtime/tasks.js';
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
/** M2M100's </s> (eos_token_id), the pulled model's and the fixture's alike. */
const EOS = 2n;

/**
 * Translation, sentences per second: ours (the pool, one worker with all the cores) against transformers.js'
 * translation pipeline on the calling thread, same files (the int8 graphs the manifest pulls), same ORT threads,
 * German → English, greedy, the same token budget. The model is BENCH_TRANSLATOR_DIR when set (a pulled
 * Xenova/m2m100_418M: `omb models pull translator`), else the full-size random-weight fixture (M2M100-418M's
 * architecture and int8 layout, generated once into the bench models dir). Random weights never write </s>, so
 * there every sentence runs to the budget: tokens_per_sentence says how many tokens each side wrote after the forced
 * target-language token (both go through transformers.js' generate, whose max_new_tokens counts that token, so
 * 47 of 48), so a difference in sentences/s is one of speed, not of work.
 */
export async function translate(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const given = process.env.BENCH_TRANSLATOR_DIR;
  const { handle, dir } = given ? pulled(given) : benchModel('translator');
  const pool = benchPool(threads, SENTENCES.length * 2);
  const input = (text: string): TranslationInput => ({ text, from: 'de', to: 'en', maxNewTokens: MAX_NEW_TOKENS });
  const peer = (await pipeline('translation', dir, {
    local_files_only: true,
    dtype: 'q8',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  })) as unknown as (text: string, options: object) => Promise<unknown>;
  const peerOptions = { src_lang: 'de', tgt_lang: 'en', max_new_tokens: MAX_NEW_TOKENS };
  // A first pass warms both up and counts the tokens each writes per sentence (text tokens, as ours reports them).
  const ourTokens: number[] = [];
  const peerTokens: number[] = [];
  for (const sentence of SENTENCES) {
    const output = (await pool.run(handle, input(sentence))) as TranslationOutput;
    ourTokens.push(output.tokens);
    const streamer = new TokenCounter();
    await peer(sentence, { ...peerOptions, streamer });
    peerTokens.push(streamer.textTokens());
  }
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
    model: given ? 'pulled' : 'full-size-random',
    ours_sentences_per_s: round(o),
    peer_sentences_per_s: round(t),
    ratio: round(o / t),
    ours_tokens_per_sentence: round(mean(ourTokens)),
    peer_tokens_per_sentence: round(mean(peerTokens)),
    sentences: SENTENCES.length,
    max_new_tokens: MAX_NEW_TOKENS,
    rounds: ROUNDS,
    threads,
  };
}

/**
 * Counts what the peer's generate writes, through the streamer hook it calls with the decoder's start, then each
 * new token: without the forced target-language token and </s>, the count ours reports.
 */
class TokenCounter {
  private written: bigint[] = [];
  private started = false;

  put(value: bigint[][]): void {
    if (this.started) this.written.push(...value.flat());
    this.started = true;
  }

  end(): void {}

  textTokens(): number {
    return this.written.slice(1).filter((id) => id !== EOS).length;
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function pulled(dir: string): { handle: ModelHandle; dir: string } {
  const files = ['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'];
  return { handle: { key: `bench:${path.basename(dir)}`, dir, task: 'translation', files, bytes: 0 }, dir };
}

/** Three significant digits. */
function round(value: number): number {
  return Number(value.toPrecision(3));
}
