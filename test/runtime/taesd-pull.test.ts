import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { configuredModels, DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { LocalRuntime } from '../../src/runtime/runtime.js';
import { modelDir, readLock } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { FakeHub } from '../fakes/hub.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { testPool } from './fixture-pool.js';
import { offFromTaesd, oneStepLatents } from './sd-one-step.js';

const spec = DEFAULT_MODELS.taesd;
const image = DEFAULT_MODELS.imagine;
/** Commits of the fake Hub that have no published hashes in the manifest (the operator's pins). */
const fixtureCommit = (repo: string) => createHash('sha1').update(`${repo} fixture`).digest('hex');
const INPUT = { prompt: 'a photo of a cat', seed: 3, width: 256, height: 256, steps: 1, guidance: 0 };

describe('the TAESD model from the Hub (a fake one serving the fixtures)', () => {
  const source = tempDir('omb-hub-src-');
  let hub: FakeHub;

  beforeAll(async () => {
    writeFixtures(source, { only: ['imagine'] }); // with TAESD
    const filesOf = (repo: string, files: readonly string[]) =>
      Object.fromEntries(files.map((f) => [f, readFileSync(path.join(modelDir(source, repo), f))]));
    const taesdFiles = filesOf(spec.repo, spec.files);
    hub = await new FakeHub({
      [spec.repo]: {
        commit: fixtureCommit(spec.repo),
        files: taesdFiles,
        history: { [spec.revision]: { files: taesdFiles } },
      },
      [image.repo]: { commit: fixtureCommit(image.repo), files: filesOf(image.repo, image.files) },
    }).start();
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(source, { recursive: true, force: true });
  });

  const store = (modelsDir: string) =>
    new ModelStore({ modelsDir, endpoint: hub.url, offline: false, log: createLogger('silent'), retries: 0 });

  it('at the manifest’s pin, refuses a file that is not the one published for that commit, keeping nothing', async () => {
    const modelsDir = tempDir('omb-models-');
    try {
      await expect(store(modelsDir).resolve(spec)).rejects.toMatchObject({
        message: expect.stringMatching(
          /taesd model \(deinferno\/taesd-onnx@f99d5f3\w*\) was refused: vae_decoder\/model\.onnx is not the file published for that commit/,
        ),
      });
      expect(existsSync(path.join(modelDir(modelsDir, spec.repo), 'vae_decoder/model.onnx'))).toBe(false);
      expect(readLock(modelsDir).models[spec.repo]).toBeUndefined();
    } finally {
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });

  it('pinned by the operator (MODEL_TAESD, MODEL_IMAGINE), the first image pulls both by commit and draws with TAESD', async () => {
    const modelsDir = tempDir('omb-models-');
    const runtime = new LocalRuntime(store(modelsDir), testPool());
    hub.requests.length = 0;
    try {
      const pins = configuredModels({
        imagine: { repo: image.repo, revision: fixtureCommit(image.repo) },
        taesd: { repo: spec.repo, revision: fixtureCommit(spec.repo) },
      });
      const model = { ...pins.imagine, task: 'text-to-image' as const, decoder: pins.taesd };
      const { png } = await runtime.run(model, INPUT);
      for (const repo of [image.repo, spec.repo]) {
        expect(readLock(modelsDir).models[repo]).toMatchObject({ commit: fixtureCommit(repo) });
      }
      const resolved = hub.requests.filter((r) => r.path.includes('/resolve/')).map((r) => r.path.split('/')[4]);
      expect(new Set(resolved)).toEqual(new Set([fixtureCommit(image.repo), fixtureCommit(spec.repo)]));
      expect(runtime.revisionOf(pins.taesd)).toBe(fixtureCommit(spec.repo));
      const latents = await oneStepLatents(modelDir(modelsDir, image.repo), INPUT);
      expect(await offFromTaesd(png, latents)).toBe(0);
    } finally {
      await runtime.close();
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });
});
