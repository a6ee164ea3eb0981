import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { chatMessages } from './messages.js';
import { benchModel, benchPool, peerClassifier } from './models.js';
import { parseLag } from './parse-lag.js';
import { productLag } from './product-lag.js';

const MESSAGES = 400;

/**
 * Main-thread timer lag (p99) while classification keeps the cores busy: ours (inference in the pool's worker)
 * vs a transformers.js pipeline called on the main thread. The lag is what a Discord heartbeat or a Slack ack
 * would suffer. Then the same for parsing (see parse-lag.ts): a 20-minute voice note and a 20 MB PDF; then the
 * product doing the whole job (see product-lag.ts): that voice note transcribed, that PDF ingested.
 * `EVENT_LOOP_LAG=parse` measures parsing only (no model to generate), `EVENT_LOOP_LAG=product` the whole jobs only.
 */
export async function eventLoopLag(): Promise<Record<string, unknown>> {
  if (process.env.EVENT_LOOP_LAG === 'parse') return parseLag();
  if (process.env.EVENT_LOOP_LAG === 'product') return productLag();
  const threads = cpus().length;
  const { handle, dir } = benchModel('sentiment');
  const messages = chatMessages(MESSAGES, 7);

  const pool = benchPool(threads, MESSAGES * 2);
  await pool.run(handle, { text: 'warm up' });
  const ours = await measureLag(async () => {
    await Promise.all(messages.map((text) => pool.run(handle, { text })));
  });
  await pool.close();

  const classifier = await peerClassifier(dir, threads);
  const peer = await measureLag(async () => {
    for (const text of messages.slice(0, MESSAGES / 4)) await classifier(text);
  });
  return { ours_p99_ms: ours, peer_p99_ms: peer, goal_ms: 20, threads, ...(await parseLag()), ...(await productLag()) };
}

async function measureLag(work: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await work();
  histogram.disable();
  return Math.round((histogram.percentile(99) / 1e6) * 10) / 10;
}
