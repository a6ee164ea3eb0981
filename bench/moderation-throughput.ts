import { cpus } from 'node:os';
import { AutoTokenizer } from '@huggingface/transformers';
import { matmulFlopsPerSecond } from './matmul.js';
import { chatMessages } from './messages.js';
import { benchModel, benchPool, encoderFlops, peerClassifier } from './models.js';

const MESSAGES = 2000;
/** The naive peer is slow; a sample of the same messages gives its rate within the time we have. */
const PEER_MESSAGES = 300;

/**
 * A burst of chat messages through a full-size classifier: ours (the pool: a worker, micro-batches) vs the naive
 * per-message transformers.js pipeline on the main thread, same model file, same ORT threads.
 */
export async function moderationThroughput(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const { handle, dir, config } = benchModel('sentiment');
  const messages = chatMessages(MESSAGES);
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const flops = messages.reduce((sum, m) => sum + encoderFlops(config, tokenizer.encode(m).length), 0);

  const pool = benchPool(threads, MESSAGES * 2);
  await pool.run(handle, { text: 'warm up' });
  let started = performance.now();
  await Promise.all(messages.map((text) => pool.run(handle, { text }, { priority: 'background' })));
  const oursSec = (performance.now() - started) / 1000;
  await pool.close();

  const classifier = await peerClassifier(dir, threads);
  started = performance.now();
  for (const text of messages.slice(0, PEER_MESSAGES)) await classifier(text);
  const peerSec = (performance.now() - started) / 1000;

  const oursPerSec = MESSAGES / oursSec;
  const peerPerSec = PEER_MESSAGES / peerSec;
  const peak = await matmulFlopsPerSecond(threads);
  return {
    ours_per_s: round(oursPerSec),
    peer_per_s: round(peerPerSec),
    ratio: round(oursPerSec / peerPerSec),
    efficiency: round(flops / oursSec / peak),
    model_gflop_per_s: round(flops / oursSec / 1e9),
    matmul_gflop_per_s: round(peak / 1e9),
    messages: MESSAGES,
    peer_messages: PEER_MESSAGES,
    threads,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
