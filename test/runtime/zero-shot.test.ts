import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { LabelScore, ZeroShotInput } from '../../src/runtime/tasks.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, recordingObserver, testPool } from './fixture-pool.js';

const LABELS = ['selling accounts', 'spoilers', 'billing'];

describe('zero-shot classification in the worker pool (NLI fixture)', () => {
  const dir = tempDir('omb-models-');
  let pool: WorkerPool | undefined;
  const nli = () => fixtureHandle(dir, 'nli');
  const run = (input: ZeroShotInput, signal?: AbortSignal) =>
    pool?.run(nli(), input, signal ? { signal } : {}) as Promise<LabelScore[]>;

  beforeAll(() => {
    writeFixtures(dir, { only: ['nli'] });
  });
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gathers concurrent requests into one run and gives each its own scores', async () => {
    const record = recordingObserver();
    pool = testPool({ maxBatch: 8, maxWaitMs: 20, observer: record.observer });
    const texts = ['selling accounts cheap', 'no spoilers please', 'the billing page is down', 'hello there'];
    const results = await Promise.all(texts.map((text) => run({ text, labels: LABELS, multiLabel: true })));
    for (const [i, text] of texts.entries()) {
      for (const label of LABELS) {
        const [entail, not] = known.nliLogits(text, `This example is ${label}.`);
        const score = results[i]?.find((s) => s.label === label)?.score;
        expect(score).toBeCloseTo(1 / (1 + Math.exp(not - entail)), 5);
      }
    }
    // The first request may be taken alone before the others arrive; the rest share a run.
    expect(record.batches.length).toBeLessThan(texts.length);
  });

  it('drops a queued request whose caller cancels; the others are answered', async () => {
    pool = testPool({ maxBatch: 1 });
    const controller = new AbortController();
    const first = run({ text: `${'selling accounts '.repeat(100)}`, labels: LABELS });
    const cancelled = run({ text: 'billing', labels: LABELS }, controller.signal);
    const third = run({ text: 'spoilers', labels: LABELS });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first).resolves.toHaveLength(3);
    expect((await third)[0]?.label).toBe('spoilers');
  });
});
