import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { readLock } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { FakeHub } from '../fakes/hub.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';

const spec = DEFAULT_MODELS.ner;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const source = tempDir('omb-hub-src-');
let hub: FakeHub;
let modelsDir: string;

function store(overrides: Partial<ConstructorParameters<typeof ModelStore>[0]> = {}) {
  return new ModelStore({
    modelsDir,
    endpoint: hub.url,
    offline: false,
    log: createLogger('silent'),
    idleTimeoutMs: 500,
    retries: 2,
    ...overrides,
  });
}

beforeAll(async () => {
  writeFixtures(source, { only: ['ner'] });
  const files = Object.fromEntries(
    spec.files.map((f) => [f, readFileSync(path.join(source, ...spec.repo.split('/'), f))]),
  );
  hub = await new FakeHub({ [spec.repo]: { commit: COMMIT, files } }).start();
});
afterAll(async () => {
  await hub.stop();
  rmSync(source, { recursive: true, force: true });
});
beforeEach(() => {
  modelsDir = tempDir('omb-models-');
  hub.faults = {};
  hub.requests.length = 0;
});
afterEach(() => rmSync(modelsDir, { recursive: true, force: true }));

const onnxPath = () => path.join(modelsDir, ...spec.repo.split('/'), 'onnx/model.onnx');

describe('model store', () => {
  it('pulls every file, pins the commit in the lock file, and then loads without the network', async () => {
    const { dir, commit } = await store().resolve(spec);
    expect(commit).toBe(COMMIT);
    const locked = readLock(modelsDir).models[spec.repo];
    expect(locked?.requested).toBe('main');
    expect(Object.keys(locked?.files ?? {}).sort()).toEqual([...spec.files].sort());
    expect(readFileSync(path.join(dir, 'onnx/model.onnx')).length).toBe(locked?.files['onnx/model.onnx']?.size);
    // The first file came by branch; the rest by the commit it resolved to.
    expect(hub.requests.filter((r) => r.path.includes('/resolve/main/'))).toHaveLength(1);
    hub.requests.length = 0;
    await store().resolve(spec);
    expect(hub.requests).toEqual([]);
  });

  it('refuses to load a file with one flipped byte, naming it', async () => {
    await store().resolve(spec);
    const bytes = readFileSync(onnxPath());
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    writeFileSync(onnxPath(), bytes);
    await expect(store().resolve(spec)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/failed verification.*onnx\/model\.onnx does not match its sha256/),
    });
    expect(await store().verify(spec)).toEqual(['onnx/model.onnx does not match its sha256 in models.lock.json']);
  });

  it('rejects a file the Hub serves corrupted and leaves nothing in its place', async () => {
    hub.faults.corrupt = 'onnx/model.onnx';
    await expect(store({ retries: 0 }).pull(spec)).rejects.toThrow(/arrived corrupted/);
    expect(existsSync(onnxPath())).toBe(false);
    expect(readLock(modelsDir).models[spec.repo]).toBeUndefined();
  });

  it('resumes a download cut midway with a Range request', async () => {
    hub.faults.cut = { file: 'onnx/model.onnx', afterBytes: 1000, times: 1 };
    await store().resolve(spec);
    const ranges = hub.requests.filter((r) => r.path.endsWith('model.onnx') && r.range).map((r) => r.range);
    expect(ranges).toEqual(['bytes=1000-', 'bytes=1000-']); // the redirect and the CDN request
    expect(await store().verify(spec)).toEqual([]);
  });

  it('starts over when the server ignores Range', async () => {
    hub.faults.cut = { file: 'onnx/model.onnx', afterBytes: 1000, times: 1 };
    hub.faults.ignoreRange = true;
    await store().resolve(spec);
    expect(await store().verify(spec)).toEqual([]);
  });

  it('retries server errors, but not 404 or 401, which explain themselves', async () => {
    hub.faults.status = { file: 'config.json', code: 500, times: 2 };
    await expect(store().resolve(spec)).resolves.toMatchObject({ commit: COMMIT });
    rmSync(modelsDir, { recursive: true, force: true });
    hub.requests.length = 0;
    hub.faults = { status: { file: 'config.json', code: 404, times: Number.POSITIVE_INFINITY } };
    await expect(store().pull(spec)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('404'),
    });
    expect(hub.requests).toHaveLength(1);
    hub.faults = { token: 'secret' };
    await expect(store().pull(spec)).rejects.toThrow(/set HF_TOKEN/);
    await expect(store({ token: 'secret' }).pull(spec)).resolves.toMatchObject({ commit: COMMIT });
    // The token went to the Hub only, never to the file host it redirected to.
    expect(hub.requests.filter((r) => r.path.startsWith('/cdn/')).every((r) => !r.authorization)).toBe(true);
  });

  it('times out a hung server with a clear error', async () => {
    hub.faults.hang = 'config.json';
    await expect(store({ retries: 0, idleTimeoutMs: 300 }).pull(spec)).rejects.toThrow(/stalled for 300 ms/);
  });

  it('offline: names the missing files and how to get them, without any request', async () => {
    const error = await store({ offline: true })
      .resolve(spec)
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(
      /not available offline \(MODELS_OFFLINE=1\): missing config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx.*omb models pull ner/,
    );
    expect(hub.requests).toEqual([]);
  });

  it('serves fixture models offline when their lock entries are present', async () => {
    writeFixtures(modelsDir, { only: ['ner'] });
    await expect(store({ offline: true }).resolve(spec)).resolves.toMatchObject({
      dir: path.dirname(path.dirname(onnxPath())),
    });
  });

  it('keeps one consistent result when two processes pull the same model at once', async () => {
    const script = `
      import { createLogger } from '${path.resolve('src/log.ts')}';
      import { DEFAULT_MODELS } from '${path.resolve('src/runtime/manifest.ts')}';
      import { ModelStore } from '${path.resolve('src/runtime/store/model-store.ts')}';
      const store = new ModelStore({ modelsDir: process.argv[2], endpoint: process.argv[3], offline: false, log: createLogger('silent') });
      const { commit } = await store.resolve(DEFAULT_MODELS.ner);
      process.stdout.write(commit);`;
    const file = path.join(modelsDir, 'pull.mts');
    appendFileSync(file, script);
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', file, modelsDir, hub.url], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    expect(
      await Promise.all([
        run(),
        run(),
        store()
          .resolve(spec)
          .then((r) => r.commit),
      ]),
    ).toEqual([COMMIT, COMMIT, COMMIT]);
    expect(await store().verify(spec)).toEqual([]);
    const leftovers = readdirSync(path.dirname(onnxPath())).filter((f) => f.endsWith('.part') || f.endsWith('.lock'));
    expect(leftovers).toEqual([]);
  });

  it('fetches anew when the operator pins the repo to another commit', async () => {
    await store().resolve(spec);
    const other = 'ffffffffffffffffffffffffffffffffffffffff';
    const repo = hub.repos[spec.repo];
    if (!repo) throw new Error('no repo');
    const original = repo.commit;
    repo.commit = other;
    hub.requests.length = 0;
    try {
      await expect(store().resolve({ ...spec, revision: other })).resolves.toMatchObject({ commit: other });
      expect(hub.requests.every((r) => r.path.includes(other))).toBe(true);
      expect(hub.requests.length).toBeGreaterThanOrEqual(spec.files.length);
      await expect(store({ offline: true }).resolve({ ...spec, revision: original })).rejects.toThrow(
        /not available offline/,
      );
    } finally {
      repo.commit = original;
    }
  });
});
