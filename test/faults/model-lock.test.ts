import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import { lockPath } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';

/** models.lock.json damaged (cut short, edited by hand) or tampered with: nothing is loaded, and the fix is said. */
describe('a corrupted or tampered models.lock.json', () => {
  const spec = DEFAULT_MODELS.ner;
  const modelsDir = tempDir('omb-models-');
  let original: string;
  const store = () =>
    new ModelStore({ modelsDir, endpoint: 'http://127.0.0.1:9', offline: true, log: createLogger('silent') });
  const write = (text: string) => writeFileSync(lockPath(modelsDir), text);

  beforeAll(() => {
    writeFixtures(modelsDir, { only: ['ner'] });
    original = readFileSync(lockPath(modelsDir), 'utf8');
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('cut short (not JSON): refused with the file named and how to fix it, then loads once it is restored', async () => {
    await expect(store().resolve(spec)).resolves.toMatchObject({ commit: spec.revision });
    write(original.slice(0, Math.floor(original.length / 2)));
    const error = await store()
      .resolve(spec)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(
        new RegExp(
          `^${lockPath(modelsDir)} is damaged \\(it is not JSON \\(.+\\)\\): no model is loaded from ${modelsDir} until it is fixed\\. Remove it and run \`omb models pull\``,
        ),
      ),
    });
    expect(() => store().status(spec)).toThrow(/is damaged/);
    write(original);
    await expect(store().resolve(spec)).resolves.toMatchObject({ commit: spec.revision });
  });

  it('edited into something that is not a lock file: names the field that is wrong', async () => {
    const lock = JSON.parse(original) as { models: Record<string, { files: Record<string, { sha256: string }> }> };
    const entry = lock.models[spec.repo];
    if (!entry?.files['onnx/model.onnx']) throw new Error('the fixture lock has no entry for the model');
    entry.files['onnx/model.onnx'].sha256 = 'not-a-hash';
    write(JSON.stringify(lock));
    await expect(store().resolve(spec)).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(
        `is damaged (models.${spec.repo}.files.onnx/model.onnx.sha256: must be 64 hex characters)`,
      ),
    });
    write(original);
  });

  it("tampered with (a file's recorded sha256 changed): the file fails verification and is not loaded", async () => {
    const lock = JSON.parse(original) as { models: Record<string, { files: Record<string, { sha256: string }> }> };
    const file = lock.models[spec.repo]?.files['onnx/model.onnx'];
    if (!file) throw new Error('the fixture lock has no entry for the model');
    file.sha256 = file.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    write(JSON.stringify(lock));
    await expect(store().resolve(spec)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/failed verification and was not loaded: .*onnx\/model\.onnx/),
    });
    expect(await store().verify(spec)).toEqual([expect.stringContaining('onnx/model.onnx')]);
    write(original);
    await expect(store().resolve(spec)).resolves.toMatchObject({ commit: spec.revision });
  });
});
