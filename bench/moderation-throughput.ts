import { cpus } from 'node:os';
import { AutoTokenizer } from '@huggingface/transformers';
import type { WorkerPool } from '../src/runtime/pool.js';
import type { ModelHandle } from '../src/runtime/protocol.js';
import type { LabelScore } from '../src/runtime/tasks.js';
import { matmulFlopsPerSecond } from './matmul.js';
import { chatMessages } from './messages.js';
import { benchModel, benchPool, encoderFlops, peerClassifier } from './models.js';

const MESSAGES = 2000;
/** The naive peer is slow; a sample of the same messages gives its rate within the time we have. */
const PEER_MESSAGES = 300;

/**
 * A burst of chat messages through a full-size classifier: ours (the pool: a worker, micro-batches) vs the naive
 * per-message transformers.js pipeline on the main thread, same model file, same ORT threads. Then ours again on
 * the model's int8 graph (`int8_*`: against the same fp32 peer, and its agreement with ours in fp32).
 */
export async function moderationThroughput(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const { handle, dir, config } = benchModel('sentiment');
  const int8 = benchModel('sentiment', 'int8').handle;
  const messages = chatMessages(MESSAGES);
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const flops = messages.reduce((sum, m) => sum + encoderFlops(config, tokenizer.encode(m).length), 0);

  const pool = benchPool(threads, MESSAGES * 2);
  const ours = await burst(pool, handle, messages);
  const oursInt8 = await burst(pool, int8, messages);
  await pool.close();

  const classifier = await peerClassifier(dir, threads);
  const started = performance.now();
  for (const text of messages.slice(0, PEER_MESSAGES)) await classifier(text);
  const peerSec = (performance.now() - started) / 1000;

  const oursPerSec = MESSAGES / ours.seconds;
  const int8PerSec = MESSAGES / oursInt8.seconds;
  const peerPerSec = PEER_MESSAGES / peerSec;
  const peak = await matmulFlopsPerSecond(threads);
  return {
    ours_per_s: round(oursPerSec),
    peer_per_s: round(peerPerSec),
    ratio: round(oursPerSec / peerPerSec),
    efficiency: round(flops / ours.seconds / peak),
    model_gflop_per_s: round(flops / ours.seconds / 1e9),
    matmul_gflop_per_s: round(peak / 1e9),
    ...int8Keys(int8PerSec, peerPerSec, oursPerSec, ours.outputs, oursInt8.outputs),
    messages: MESSAGES,
    peer_messages: PEER_MESSAGES,
    threads,
  };
}

/** All messages through the pool at once (after one warm-up run that loads the model): seconds and outputs. */
async function burst(pool: WorkerPool, handle: ModelHandle, messages: readonly string[]) {
  await pool.run(handle, { text: 'warm up' });
  const started = performance.now();
  const outputs = (await Promise.all(
    messages.map((text) => pool.run(handle, { text }, { priority: 'background' })),
  )) as LabelScore[][];
  return { seconds: (performance.now() - started) / 1000, outputs };
}

/**
 * The int8 graph (the generator's dynamic-int8 twin of the same random-weight model) against the naive fp32 peer,
 * and its conformance to the fp32 graph on the same messages: the share whose top label is the same, and the
 * largest difference of any label's probability.
 */
function int8Keys(
  int8PerSec: number,
  peerPerSec: number,
  fp32PerSec: number,
  fp32: readonly LabelScore[][],
  int8: readonly LabelScore[][],
) {
  let agree = 0;
  let maxDiff = 0;
  fp32.forEach((expected, i) => {
    const got = int8[i] ?? [];
    if (got[0]?.label === expected[0]?.label) agree += 1;
    for (const { label, score } of expected) {
      maxDiff = Math.max(maxDiff, Math.abs(score - (got.find((g) => g.label === label)?.score ?? 0)));
    }
  });
  return {
    int8_per_s: round(int8PerSec),
    int8_ratio_vs_peer: round(int8PerSec / peerPerSec),
    int8_ratio_vs_fp32: round(int8PerSec / fp32PerSec),
    int8_vs_fp32_label_agreement: Math.round((agree / fp32.length) * 10_000) / 10_000,
    int8_vs_fp32_max_prob_diff: Math.round(maxDiff * 10_000) / 10_000,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
