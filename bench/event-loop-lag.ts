import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pipeline } from '@huggingface/transformers';
import { createLogger } from '../src/log.js';
import { WorkerPool } from '../src/runtime/pool.js';
import { chatMessages } from './messages.js';
import { benchModel } from './models.js';

const MESSAGES = 400;

/**
 * Main-thread timer lag (p99) while classification keeps the cores busy: ours (inference in the pool's worker)
 * vs a transformers.js pipeline called on the main thread. The lag is what a Discord heartbeat or a Slack ack
 * would suffer.
 */
export async function eventLoopLag(): Promise<Record<string, unknown>> {
  const threads = cpus().length;
  const { handle, dir } = benchModel('sentiment');
  const messages = chatMessages(MESSAGES, 7);

  const pool = new WorkerPool({
    workers: 1,
    threadsPerWorker: threads,
    maxBatch: 32,
    maxWaitMs: 5,
    maxQueuePerModel: MESSAGES * 2,
    runTimeoutMs: 600_000,
    idleUnloadMs: 600_000,
    memoryBudgetBytes: 16 * 2 ** 30,
    log: createLogger('warn'),
  });
  await pool.run(handle, { text: 'warm up' });
  const ours = await measureLag(async () => {
    await Promise.all(messages.map((text) => pool.run(handle, { text })));
  });
  await pool.close();

  const classifier = await pipeline('text-classification', dir, {
    local_files_only: true,
    dtype: 'fp32',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  await classifier('warm up');
  const peer = await measureLag(async () => {
    for (const text of messages.slice(0, MESSAGES / 4)) await classifier(text);
  });
  return { ours_p99_ms: ours, peer_p99_ms: peer, goal_ms: 20, threads };
}

async function measureLag(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  histogram.disable();
  return Math.round((histogram.percentile(99) / 1e6) * 10) / 10;
}
