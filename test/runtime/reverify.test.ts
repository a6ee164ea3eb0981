import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { eventually } from '../adapters/contract.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { recordingObserver, testPool } from './fixture-pool.js';

/** A model the pool unloaded for being idle is verified again before it loads, when its files changed. */
describe('reloading a model after idle unload', () => {
  const dir = tempDir('omb-reverify-');
  writeFixtures(dir, { only: ['sentiment'] });
  const spec = DEFAULT_MODELS.sentiment;
  const onnx = path.join(modelDir(dir, spec.repo), 'onnx/model.onnx');
  const original = readFileSync(onnx);
  const record = recordingObserver();
  const store = new ModelStore({
    modelsDir: dir,
    endpoint: 'http://127.0.0.1:9',
    offline: true,
    log: createLogger('silent'),
  });
  const runtime = new LocalRuntime(store, testPool({ idleUnloadMs: 1000, observer: record.observer }));
  const classify = () => runtime.run(spec, { text: 'a fine day' });
  const waitForUnloads = (count: number) => eventually(() => expect(record.unloads).toHaveLength(count), 20_000);
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reloads untouched files, refuses files changed meanwhile (same size, one byte), and loads them once restored', async () => {
    const first = await classify();
    expect(first.length).toBeGreaterThan(0);
    await waitForUnloads(1);
    // Untouched: loads again.
    expect(await classify()).toEqual(first);
    expect(record.loads).toHaveLength(2);
    await waitForUnloads(2);

    // Someone swaps one byte of the weights while the model is unloaded (same size; mtime moves).
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
    writeFileSync(onnx, tampered);
    const later = new Date(Date.now() + 5000);
    utimesSync(onnx, later, later);
    await expect(classify()).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/failed verification.*onnx\/model\.onnx does not match its sha256/),
    });
    await expect(classify()).rejects.toMatchObject({ code: 'unavailable' });
    expect(record.loads).toHaveLength(2); // the tampered file was never loaded

    writeFileSync(onnx, original);
    expect(await classify()).toEqual(first);
    expect(record.loads).toHaveLength(3);
  }, 60_000);
});
