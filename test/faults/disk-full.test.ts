import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskFull } from '../../src/disk.js';
import { createLogger } from '../../src/log.js';
import { KnowledgeBase } from '../../src/retrieval/knowledge-base.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { WorkerPool } from '../../src/runtime/pool.js';
import { readLock } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { FakeHub } from '../fakes/hub.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { cappedDisk, usedBytes } from '../helpers/capped-disk.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from '../runtime/fixture-pool.js';

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('disk full while pulling a model (a size-capped models directory)', () => {
  const spec = DEFAULT_MODELS.ner;
  const source = tempDir('omb-hub-src-');
  const modelsDir = tempDir('omb-models-');
  let hub: FakeHub;
  let files: Record<string, Buffer>;

  beforeAll(async () => {
    writeFixtures(source, { only: ['ner'] });
    files = Object.fromEntries(spec.files.map((f) => [f, readFileSync(path.join(source, ...spec.repo.split('/'), f))]));
    hub = await new FakeHub({ [spec.repo]: { commit: spec.revision, files } }).start();
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(source, { recursive: true, force: true });
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('fails with a clear error naming the directory, leaves no partial file, retries nothing; the next try succeeds', async () => {
    const total = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    const onnx = files['onnx/model.onnx']?.length ?? 0;
    // Room for everything but half of the model file.
    const disk = cappedDisk(modelsDir, total - Math.floor(onnx / 2));
    const store = new ModelStore({
      modelsDir,
      endpoint: hub.url,
      offline: false,
      log: createLogger('silent'),
      idleTimeoutMs: 2000,
      retries: 3,
      disk,
    });

    const error = await store.pull(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiskFull);
    const dir = path.join(modelsDir, ...spec.repo.split('/'));
    expect((error as DiskFull).message).toMatch(
      new RegExp(
        `^the disk holding ${dir}/onnx is full: downloading .*onnx/model\\.onnx needs ${onnx} bytes; free some space there and try again$`,
      ),
    );
    expect((error as DiskFull).code).toBe('unavailable');
    // Nothing half-written is left, nothing is recorded, and a full disk is not retried at once.
    const left = filesUnder(dir);
    expect(left.filter((f) => f.endsWith('.part') || f.startsWith('onnx/model.onnx'))).toEqual([]);
    expect(readLock(modelsDir).models[spec.repo]).toBeUndefined();
    expect(hub.requests.filter((r) => r.path.endsWith('onnx/model.onnx') && r.path.includes('/resolve/'))).toHaveLength(
      1,
    );
    expect(store.status(spec)).not.toBe('ready');

    // Space freed: the next pull completes, and what it wrote verifies.
    disk.capBytes = total + 4096;
    const locked = await store.pull(spec);
    expect(locked.files['onnx/model.onnx']?.size).toBe(onnx);
    expect(store.status(spec)).toBe('ready');
    await expect(store.resolve(spec)).resolves.toMatchObject({ commit: spec.revision });
  });
});

describe('disk full while writing the knowledge base (a size-capped LanceDB directory)', () => {
  const models = tempDir('omb-models-');
  const data = tempDir('omb-kb-');
  const uri = path.join(data, 'lancedb');
  let pool: WorkerPool;
  let kb: KnowledgeBase;
  const disk = cappedDisk(data, 64 * 1024 * 1024);

  beforeAll(async () => {
    writeFixtures(models, { only: ['embeddings'] });
    pool = testPool({});
    const handle = fixtureHandle(models, 'embeddings');
    const embed = (texts: string[]) =>
      Promise.all(
        texts.map((text) => pool.run(handle, { text, pooling: 'mean', normalize: true }) as Promise<Float32Array>),
      );
    kb = await KnowledgeBase.open(uri, embed, {}, undefined, disk);
  });
  afterAll(async () => {
    await kb?.close();
    await pool?.close();
    rmSync(models, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  const doc = (title: string, words: number) => ({
    tenant: 't1',
    collection: 'docs',
    title,
    text: Array.from({ length: words }, (_, i) => `The ${title} treasure lies ${i} paces from the old oak.`).join(' '),
  });

  it('refuses a write that would not fit with a clear error, stores none of it, and takes it once there is room', async () => {
    await kb.add(doc('Pirates', 50));
    const before = filesUnder(uri);
    // The disk fills up: a few KiB left.
    disk.capBytes = usedBytes(data) + 4096;
    const error = await kb.add(doc('Harbour', 2000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiskFull);
    expect((error as DiskFull).message).toMatch(
      new RegExp(
        `^the disk holding ${uri} is full: adding "Harbour" needs about \\d+ bytes and \\d+ are free; free some space there and try again$`,
      ),
    );
    // Nothing of it was written: no file, no document, no chunk; the table still answers.
    expect(filesUnder(uri)).toEqual(before);
    expect((await kb.list('t1', 'docs')).map((d) => d.title)).toEqual(['Pirates']);
    expect((await kb.search('t1', 'docs', 'Harbour treasure paces')).every((p) => p.title === 'Pirates')).toBe(true);

    // Space freed: the same document goes in, whole.
    disk.capBytes = 64 * 1024 * 1024;
    const added = await kb.add(doc('Harbour', 2000));
    expect(added.duplicate).toBe(false);
    expect((await kb.list('t1', 'docs')).map((d) => d.title).sort()).toEqual(['Harbour', 'Pirates']);
    expect((await kb.list('t1', 'docs')).find((d) => d.title === 'Harbour')?.chunks).toBe(added.chunks);
    expect(existsSync(uri)).toBe(true);
  });
});
