import { cpus } from 'node:os';
import { lagDuring } from './loop-lag.js';
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
  const ours = (
    await lagDuring(async () => {
      await Promise.all(messages.map((text) => pool.run(handle, { text })));
    })
  ).p99;
  await pool.close();

  const classifier = await peerClassifier(dir, threads);
  const peer = (
    await lagDuring(async () => {
      for (const text of messages.slice(0, MESSAGES / 4)) await classifier(text);
    })
  ).p99;
  return { ours_p99_ms: ours, peer_p99_ms: peer, goal_ms: 20, threads, ...(await parseLag()), ...(await productLag()) };
}
