import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
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
/** The fake Hub serves the manifest's pinned commit. */
const COMMIT = spec.revision;
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
  it('pulls every file of the pinned commit, records them in the lock file, then loads without the network', async () => {
    expect(store().status(spec)).toBe('missing');
    expect(store().commitOf(spec)).toBe(COMMIT); // known before anything is pulled
    const { dir, commit } = await store().resolve(spec);
    expect(commit).toBe(COMMIT);
    const locked = readLock(modelsDir).models[spec.repo];
    expect(locked).toMatchObject({ requested: COMMIT, commit: COMMIT });
    expect(Object.keys(locked?.files ?? {}).sort()).toEqual([...spec.files].sort());
    expect(readFileSync(path.join(dir, 'onnx/model.onnx')).length).toBe(locked?.files['onnx/model.onnx']?.size);
    // Every file by the pinned commit: nothing by branch.
    const resolved = hub.requests.filter((r) => r.path.includes('/resolve/'));
    expect(resolved.map((r) => r.path.split('/')[4])).toEqual(spec.files.map(() => COMMIT));
    hub.requests.length = 0;
    await store().resolve(spec);
    expect(hub.requests).toEqual([]);
  });

  it('refuses a model that names a branch, saying how to pin it, without asking the Hub anything', async () => {
    const unpinned = { ...spec, revision: 'main' };
    for (const attempt of [store().resolve(unpinned), store().pull(unpinned)]) {
      await expect(attempt).rejects.toMatchObject({
        code: 'config_invalid',
        message: expect.stringContaining(`MODEL_NER=${spec.repo}@<40-hex commit>`),
      });
    }
    expect(() => store().commitOf(unpinned)).toThrow(/not pinned to a commit/);
    expect(hub.requests).toEqual([]);
  });

  it('refuses a file that differs from the sha256 published for the pinned commit, naming it', async () => {
    const published = (sha256: Record<string, string>) => ({
      ...spec,
      provenance: { commit: COMMIT, readAt: `https://huggingface.co/${spec.repo}/tree/${COMMIT}`, sha256 },
    });
    const real = createHash('sha256').update(readFileSync(path.join(source, ...spec.repo.split('/'), 'config.json')));
    // A large file: the Hub's own sha256 header already disagrees, so not one byte of it is downloaded.
    await expect(store().resolve(published({ 'onnx/model.onnx': 'f'.repeat(64) }))).rejects.toMatchObject({
      message: expect.stringMatching(
        /ner model \(Xenova\/bert-base-NER@c1464d2\w+\) was refused: onnx\/model\.onnx is not the file published for that commit \(the Hub states sha256 [0-9a-f]{64}, the published one is f{64}\)/,
      ),
    });
    expect(hub.requests.filter((r) => r.path.startsWith('/cdn/'))).toEqual([]);
    expect(existsSync(onnxPath())).toBe(false);
    expect(readLock(modelsDir).models[spec.repo]).toBeUndefined();
    // A small file has no such header: its bytes are hashed and it is not kept.
    rmSync(modelsDir, { recursive: true, force: true });
    await expect(store().pull(published({ 'config.json': '0'.repeat(64) }))).rejects.toThrow(
      /config\.json is not the file published for that commit \(it has sha256/,
    );
    expect(existsSync(path.join(path.dirname(path.dirname(onnxPath())), 'config.json'))).toBe(false);
    expect(readLock(modelsDir).models[spec.repo]).toBeUndefined();
    // The published hash of the file served: pulled and recorded.
    const good = published({ 'config.json': real.digest('hex') });
    await expect(store().resolve(good)).resolves.toMatchObject({ commit: COMMIT });
    // Evidence about another commit says nothing about this one.
    expect(await store().verify({ ...good, provenance: { ...good.provenance, commit: 'e'.repeat(40) } })).toEqual([]);
  });

  it('fetches the same commit again only if it gives the bytes recorded for it (pull --update)', async () => {
    await store().pull(spec);
    await expect(store().pull(spec, { update: true })).resolves.toMatchObject({ commit: COMMIT });
    const repo = hub.repos[spec.repo];
    if (!repo) throw new Error('no repo');
    const original = repo.files['onnx/model.onnx'];
    repo.files['onnx/model.onnx'] = Buffer.concat([original ?? Buffer.alloc(0), Buffer.from('pushed over')]);
    try {
      await expect(store().pull(spec, { update: true })).rejects.toThrow(/onnx\/model\.onnx is not the file published/);
    } finally {
      if (original) repo.files['onnx/model.onnx'] = original;
    }
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
    // One request for the file (the model API, asked for the sizes that progress reports, is not a retry).
    expect(hub.requests.filter((r) => !r.path.startsWith('/api/'))).toHaveLength(1);
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

  it('runs the commit the operator pinned over the configured one, until the configuration pins another', async () => {
    await store().resolve(spec);
    const head = hub.repos[spec.repo];
    if (!head) throw new Error('no repo');
    const newer = 'b'.repeat(40);
    const onnx = Buffer.concat([head.files['onnx/model.onnx'] ?? Buffer.alloc(0), Buffer.from('retrained')]);
    hub.repos[spec.repo] = {
      commit: newer,
      files: { ...head.files, 'onnx/model.onnx': onnx },
      history: { [COMMIT]: head },
    };
    try {
      const sha256 = { 'onnx/model.onnx': createHash('sha256').update(onnx).digest('hex') };
      await expect(store().pull(spec, { pin: { commit: newer, sha256 } })).resolves.toMatchObject({
        requested: COMMIT,
        commit: newer,
      });
      expect(store().commitOf(spec)).toBe(newer);
      expect(store().status(spec)).toBe('ready');
      await expect(store({ offline: true }).resolve(spec)).resolves.toMatchObject({ commit: newer });
      expect(readFileSync(onnxPath()).equals(onnx)).toBe(true);
      // A newly configured pin (a release, or MODEL_NER) is the newer decision.
      const released = { ...spec, revision: 'c'.repeat(40) };
      expect(store().commitOf(released)).toBe(released.revision);
      expect(store().status(released)).toBe('outdated');
      await expect(store({ offline: true }).resolve(released)).rejects.toThrow(
        `models.lock.json has ${spec.repo} at ${newer}, but ${released.revision} is pinned`,
      );
    } finally {
      hub.repos[spec.repo] = head;
    }
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
