import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { eventually } from '../adapters/contract.js';
import { bertClassifier } from '../fixtures/models/bert.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { COMMON_WORDS } from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, recordingObserver, testPool } from './fixture-pool.js';

const dir = tempDir('omb-pool-');
let slow: ModelHandle;
let fast: ModelHandle;
/** ~500 real tokens: a few hundred milliseconds in the 4-layer encoder below. */
const LONG_TEXT = Array.from({ length: 500 }, (_, i) => COMMON_WORDS[i % COMMON_WORDS.length]).join(' ');

beforeAll(() => {
  writeFixtures(dir, { only: ['sentiment', 'toxicity'] });
  slow = fixtureHandle(dir, 'sentiment', 'slow');
  // A real (small) BERT in place of the table model: same tokenizer, real attention and feed-forward work.
  const shape = { layers: 4, hidden: 256, heads: 4, intermediate: 1024, vocab: 1000, maxPositions: 512, labels: 5 };
  writeFileSync(path.join(slow.dir, 'onnx/model.onnx'), bertClassifier(shape));
  fast = fixtureHandle(dir, 'toxicity', 'fast');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let pool: WorkerPool | undefined;

/** The worst delay of this thread's timers while `work` runs. */
async function maxLagDuring(work: () => Promise<unknown>): Promise<number> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  // Its first tick only starts the clock (no delay is recorded before it): a stall before that would go unseen.
  await new Promise((r) => setTimeout(r, 20));
  await work();
  // The histogram records a stall when its timer finally fires: let it fire once more before reading.
  await new Promise((r) => setTimeout(r, 20));
  lag.disable();
  return lag.max / 1e6;
}

/** A batch this slow on the main thread is far above any scheduling noise, on any machine. */
const SLOW_BATCH_MS = 250;
let calibrated: { size: number; mainThreadLagMs: number } | undefined;

/**
 * How many LONG_TEXT-sized inputs make one slow batch on this machine: the batch doubles from 8 until running the
 * model on the test's own thread (onnxruntime-node's run is synchronous native work) stalls it SLOW_BATCH_MS.
 */
async function calibrateSlowBatch(): Promise<{ size: number; mainThreadLagMs: number }> {
  if (calibrated) return calibrated;
  const session = await ort.InferenceSession.create(path.join(slow.dir, 'onnx/model.onnx'), { intraOpNumThreads: 2 });
  const feeds = (size: number, seq = 512) => ({
    input_ids: new ort.Tensor(
      'int64',
      BigInt64Array.from({ length: size * seq }, (_, i) => BigInt(1 + (i % 900))),
      [size, seq],
    ),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(size * seq).fill(1n), [size, seq]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(size * seq), [size, seq]),
  });
  try {
    await session.run(feeds(1));
    for (let size = 8; ; size *= 2) {
      const input = feeds(size);
      const mainThreadLagMs = await maxLagDuring(() => session.run(input));
      if (mainThreadLagMs >= SLOW_BATCH_MS || size >= 256) {
        calibrated = { size, mainThreadLagMs };
        return calibrated;
      }
    }
  } finally {
    await session.release();
  }
}
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('worker pool', () => {
  it('runs inference off the main thread: timers stay on time during a long batch', async () => {
    // The baseline, on this machine and now: the same model and batch run on this thread stall its timers for the
    // whole batch. The batch grows until that stall is long enough to tell apart from scheduling noise.
    const { size, mainThreadLagMs } = await calibrateSlowBatch();
    const record = recordingObserver();
    pool = testPool({ observer: record.observer, threadsPerWorker: 2, maxBatch: size });
    await pool.run(slow, { text: 'warm up' });
    const poolLagMs = await maxLagDuring(() =>
      Promise.all(Array.from({ length: size }, () => pool?.run(slow, { text: LONG_TEXT }))),
    );
    const longest = Math.max(...record.batches.map((b) => b.inferMs));
    console.info(
      `[pool test] ${size} texts: max event-loop delay ${mainThreadLagMs.toFixed(0)} ms on the main thread, ` +
        `${poolLagMs.toFixed(1)} ms with the pool (its batch took ${longest.toFixed(0)} ms in the worker)`,
    );
    expect(mainThreadLagMs).toBeGreaterThan(4 * poolLagMs);
  });

  it('fails a request whose worker is stopped mid-inference, replaces the worker, and keeps queued work', async () => {
    // A batch that takes at least SLOW_BATCH_MS on this machine, stopped after 30 ms.
    const { size } = await calibrateSlowBatch();
    pool = testPool({ maxBatch: size });
    const batch = Array.from({ length: size }, () => pool?.run(slow, { text: LONG_TEXT }, { timeoutMs: 30 }));
    const queued = pool.run(fast, { text: 'you idiot' });
    await Promise.allSettled(batch);
    await expect(batch[0]).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/stopped while running this request \(it took longer than 0\.0 s\)/),
    });
    await expect(queued).resolves.toBeInstanceOf(Array);
    await expect(pool.run(slow, { text: 'and now a short one' })).resolves.toHaveLength(5);
  });

  it('drops queued work when its caller cancels', async () => {
    const record = recordingObserver();
    pool = testPool({ maxBatch: 1, observer: record.observer });
    const controller = new AbortController();
    const running = pool.run(slow, { text: LONG_TEXT });
    const first = pool.run(fast, { text: 'one' });
    const cancelled = pool.run(fast, { text: 'two' }, { signal: controller.signal });
    const third = pool.run(fast, { text: 'three' });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.all([running, first, third]);
    expect(record.batches.filter((b) => b.model === 'fast')).toHaveLength(2);
  });

  it('answers busy with a retry-after estimate when a model queue is full', async () => {
    pool = testPool({ maxBatch: 1, maxQueuePerModel: 2 });
    const running = pool.run(slow, { text: LONG_TEXT });
    await new Promise((resolve) => setImmediate(resolve)); // requests made together are planned together: let it start
    const waiting = [pool.run(slow, { text: 'a' }), pool.run(slow, { text: 'b' })];
    await expect(pool.run(slow, { text: 'c' })).rejects.toMatchObject({
      code: 'busy',
      retryAfterSec: expect.any(Number),
      message: expect.stringMatching(/busy; try again in \d+ s/),
    });
    await Promise.all([running, ...waiting]);
  });

  it('serves interactive work before background moderation before ingestion', async () => {
    pool = testPool({ maxBatch: 1 });
    const done: string[] = [];
    const running = pool.run(fast, { text: LONG_TEXT });
    const jobs = (['ingestion', 'background', 'interactive'] as const).map((priority) =>
      pool?.run(fast, { text: priority }, { priority }).then(() => done.push(priority)),
    );
    await Promise.all([running, ...jobs]);
    expect(done).toEqual(['interactive', 'background', 'ingestion']);
  });

  it('keeps each model in one worker and spreads models across workers', async () => {
    pool = testPool({ workers: 2 });
    await Promise.all([pool.run(slow, { text: 'x' }), pool.run(fast, { text: 'y' })]);
    const placed = pool.placement();
    expect(new Set([placed.get('slow'), placed.get('fast')]).size).toBe(2);
    await pool.run(slow, { text: 'again' });
    expect(pool.placement().get('slow')).toBe(placed.get('slow'));
  });

  it('unloads the least recently used model to stay within the memory budget, and idle models', async () => {
    const record = recordingObserver();
    pool = testPool({
      memoryBudgetBytes: Math.max(slow.bytes, fast.bytes) + 1,
      idleUnloadMs: 1000,
      observer: record.observer,
    });
    await pool.run(fast, { text: 'x' });
    await pool.run(slow, { text: 'y' });
    expect(record.unloads).toEqual(['fast']);
    await eventually(() => expect(record.unloads).toEqual(['fast', 'slow']), 20_000);
    await expect(pool.run(fast, { text: 'back again' })).resolves.toBeInstanceOf(Array);
    expect(record.loads).toEqual(['fast', 'slow', 'fast']);
  });
});
