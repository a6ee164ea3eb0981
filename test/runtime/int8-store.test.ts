import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { modelCatalog } from '../../src/runtime/catalog.js';
import { configuredModels, DEFAULT_MODELS } from '../../src/runtime/manifest.js';
import type { ModelSpec } from '../../src/runtime/models.js';
import { readLock } from '../../src/runtime/store/lock.js';
import { ModelStore } from '../../src/runtime/store/model-store.js';
import { createModelsSkill } from '../../src/skills/models/index.js';
import type { SkillContext } from '../../src/skills/skill.js';
import { FakeHub } from '../fakes/hub.js';
import { writeFixtures } from '../fixtures/models/generate.js';
import { tempDir } from '../helpers/db.js';
import { captureLogs } from '../helpers/logs.js';

const fp32 = DEFAULT_MODELS.ner;
const INT8_GRAPH = 'onnx/model_quantized.onnx';
/** The ner model as the configuration makes it, e.g. `models({ RUNTIME_PRECISION: 'fp32' })`. */
const models = (env: Record<string, string> = {}) => {
  const config = loadConfig(env);
  return configuredModels(config.modelOverrides, config.precision);
};

describe('RUNTIME_PRECISION and MODEL_<ID>_PRECISION', () => {
  it('runs the encoders int8 by default, Whisper fp32 unless asked, and lists the graphs each one opens', () => {
    const m = models();
    for (const id of ['sentiment', 'toxicity', 'ner', 'embeddings', 'qa'] as const) {
      expect(m[id].files).toContain(INT8_GRAPH);
      expect(m[id].files).not.toContain('onnx/model.onnx');
      expect(m[id].precision).toEqual({ value: 'int8', source: 'default' });
    }
    expect(m.whisper.files).toContain('onnx/encoder_model.onnx');
    expect(m.whisper.precision).toEqual({ value: 'fp32', source: 'default' });
    // Models without int8 graphs run what they list (the generator's q4 graph).
    expect(m.generator.files).toEqual(DEFAULT_MODELS.generator.files);
    expect(m.generator.precision).toBeUndefined();
  });

  it('lets the operator choose fp32 for all, and int8 or fp32 per model', () => {
    const m = models({ RUNTIME_PRECISION: 'fp32', MODEL_NER_PRECISION: 'int8', MODEL_WHISPER_PRECISION: 'int8' });
    expect(m.sentiment.files).toEqual(DEFAULT_MODELS.sentiment.files);
    expect(m.sentiment.precision).toEqual({ value: 'fp32', source: 'RUNTIME_PRECISION' });
    expect(m.ner.precision).toEqual({ value: 'int8', source: 'MODEL_NER_PRECISION' });
    expect(m.whisper.files).toEqual(
      expect.arrayContaining(['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']),
    );
    expect(m.whisper.files.filter((f) => f.endsWith('.onnx'))).toHaveLength(2);
  });

  it('refuses values other than int8 and fp32, naming the variable', () => {
    expect(() => loadConfig({ RUNTIME_PRECISION: 'int4' })).toThrow(/RUNTIME_PRECISION/);
    expect(() => loadConfig({ MODEL_QA_PRECISION: 'fp16' })).toThrow(/MODEL_QA_PRECISION/);
  });
});

describe('the model store on int8 graphs', () => {
  const source = tempDir('omb-int8-hub-');
  let hub: FakeHub;
  let modelsDir: string;
  const files = (list: readonly string[]) =>
    Object.fromEntries(list.map((f) => [f, readFileSync(path.join(source, ...fp32.repo.split('/'), f))]));
  const store = (options: { offline?: boolean; log?: ReturnType<typeof captureLogs>['log'] } = {}) =>
    new ModelStore({
      modelsDir,
      endpoint: hub.url,
      offline: options.offline ?? false,
      log: options.log ?? captureLogs().log,
      retries: 1,
    });

  beforeAll(async () => {
    writeFixtures(source, { only: ['ner'] });
    // The pinned commit with both graphs; another repo's export of the same commit without the int8 one.
    hub = await new FakeHub({
      [fp32.repo]: { commit: fp32.revision, files: files([...fp32.files, INT8_GRAPH]) },
      'someone/ner-fp32-only': { commit: fp32.revision, files: files(fp32.files) },
    }).start();
  });
  afterAll(async () => {
    await hub.stop();
    rmSync(source, { recursive: true, force: true });
  });
  beforeEach(() => {
    modelsDir = tempDir('omb-int8-models-');
    hub.requests.length = 0;
  });
  afterEach(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('pulls, pins and verifies the int8 graph (and not the fp32 one), and /models shows int8', async () => {
    const spec = models().ner;
    const resolved = await store().resolve(spec);
    expect(resolved.files).toEqual(spec.files);
    const locked = readLock(modelsDir).models[fp32.repo];
    expect(Object.keys(locked?.files ?? {}).sort()).toEqual([...spec.files].sort());
    expect(locked?.files[INT8_GRAPH]?.size).toBe(readFileSync(path.join(resolved.dir, INT8_GRAPH)).length);
    expect(hub.requests.some((r) => r.path.endsWith('/onnx/model.onnx'))).toBe(false);

    const skill = createModelsSkill(() => [], modelCatalog(store({ offline: true }), [spec]));
    const output = await skill.run({}, {} as SkillContext);
    expect(output.models[0]).toMatchObject({ id: 'ner', precision: 'int8', status: 'ready' });
    expect(String(skill.render(output).text)).toContain('token-classification (int8), ready');
  });

  it('falls back to fp32 with a logged reason when the export has no int8 graph, and asks only once', async () => {
    const spec = { ...models().ner, repo: 'someone/ner-fp32-only' };
    const logs = captureLogs('warn');
    const s = store({ log: logs.log });
    const resolved = await s.resolve(spec);
    expect(resolved.files).toEqual(fp32.files);
    expect(resolved.precision).toMatchObject({ value: 'fp32', source: 'fallback' });
    expect(resolved.precision?.reason).toContain(INT8_GRAPH);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ model: 'ner', reason: expect.stringContaining(INT8_GRAPH), msg: 'running fp32' }),
    );
    hub.requests.length = 0;
    await s.resolve(spec);
    expect(hub.requests).toEqual([]);
    const [entry] = await modelCatalog(s, [spec]).list();
    expect(entry).toMatchObject({ status: 'ready', precision: `fp32 (the export has no ${INT8_GRAPH})` });
  });

  it('refuses, with what to do, when MODEL_<ID>_PRECISION=int8 asked for a graph the export lacks', async () => {
    const spec: ModelSpec = { ...models({ MODEL_NER_PRECISION: 'int8' }).ner, repo: 'someone/ner-fp32-only' };
    await expect(store().resolve(spec)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/no int8 graph .*MODEL_NER_PRECISION=int8.*MODEL_NER_PRECISION=fp32/),
    });
  });

  it('offline, keeps running an install that only ever pulled fp32 graphs, saying why', async () => {
    await store().resolve(models({ RUNTIME_PRECISION: 'fp32' }).ner);
    const logs = captureLogs('warn');
    const resolved = await store({ offline: true, log: logs.log }).resolve(models().ner);
    expect(resolved.files).toEqual(fp32.files);
    expect(resolved.precision?.reason).toMatch(/MODELS_OFFLINE=1 and onnx\/model_quantized\.onnx not pulled/);
    // Asked for by name, it is an error instead: the file is missing.
    await expect(store({ offline: true }).resolve(models({ MODEL_NER_PRECISION: 'int8' }).ner)).rejects.toMatchObject({
      message: expect.stringContaining(INT8_GRAPH),
    });
  });
});
