import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src/runtime/pool.js';
import type { ModelHandle } from '../../src/runtime/protocol.js';
import { modelDir } from '../../src/runtime/store/lock.js';
import type { Answer, Entity, LabelScore } from '../../src/runtime/tasks.js';
import { bertGraph } from '../fixtures/models/bert.js';
import { type FileContent, type FixtureId, writeFixtures, writeModel } from '../fixtures/models/generate.js';
import * as known from '../fixtures/models/known.js';
import { BERT_INT8, quantizeDynamic, WHISPER_DECODER_INT8 } from '../fixtures/models/quantize.js';
import { whisperBaseDecoder } from '../fixtures/models/whisper-base.js';
import { buildVocab, tokenizerFiles } from '../fixtures/models/wordpiece.js';
import { tempDir } from '../helpers/db.js';
import { fixtureHandle, testPool } from './fixture-pool.js';

const { onnx } = onnxProto;
const INT8_GRAPH = 'onnx/model_quantized.onnx';

/** The fixture's handle on its int8 graph (the generator writes it beside the fp32 one). */
function int8Handle(dir: string, id: FixtureId): ModelHandle {
  const fp32 = fixtureHandle(dir, id);
  return { ...fp32, key: `${id}:int8`, files: fp32.files.map((f) => (f === 'onnx/model.onnx' ? INT8_GRAPH : f)) };
}

function opTypes(file: string): string[] {
  const model = onnx.ModelProto.decode(readFileSync(file));
  return (model.graph?.node ?? []).map((n) => n.opType ?? '');
}

describe('int8 encoders on the fixtures, in the worker pool', () => {
  const dir = tempDir('omb-int8-');
  let pool: WorkerPool;
  const both = async <T>(id: FixtureId, input: unknown): Promise<[T, T]> =>
    (await Promise.all([pool.run(fixtureHandle(dir, id), input), pool.run(int8Handle(dir, id), input)])) as [T, T];

  beforeAll(() => {
    writeFixtures(dir, { only: ['sentiment', 'toxicity', 'ner', 'embeddings', 'qa'] });
    pool = testPool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes int8 tables (Gather → DequantizeLinear) beside the fp32 graph, a quarter of its size', () => {
    const repo = modelDir(dir, 'Xenova/all-MiniLM-L6-v2');
    expect(opTypes(path.join(repo, INT8_GRAPH))).toContain('DequantizeLinear');
    expect(opTypes(path.join(repo, 'onnx/model.onnx'))).not.toContain('DequantizeLinear');
    const size = (f: string) => readFileSync(path.join(repo, f)).length;
    expect(size(INT8_GRAPH)).toBeLessThan(size('onnx/model.onnx') / 3);
  });

  it('gives the same labels, entities, answers and neighbours as fp32', async () => {
    for (const text of ['I hate this, terrible update', 'Great game, love it', 'see you tomorrow']) {
      const [fp32, int8] = await both<LabelScore[]>('sentiment', { text });
      expect(int8.map((s) => s.label)).toEqual(fp32.map((s) => s.label));
      for (const [i, s] of int8.entries()) expect(Math.abs(s.score - (fp32[i]?.score ?? 0))).toBeLessThan(0.02);
    }
    const [toxicFp32, toxicInt8] = await both<LabelScore[]>('toxicity', { text: 'you are an idiot' });
    expect(toxicInt8.slice(0, 2).map((s) => s.label)).toEqual(toxicFp32.slice(0, 2).map((s) => s.label));

    const [entities, entitiesInt8] = await both<Entity[]>('ner', { text: known.NER_SENTENCE, aggregation: 'first' });
    expect(entitiesInt8.map((e) => [e.label, e.text, e.start])).toEqual(
      entities.map((e) => [e.label, e.text, e.start]),
    );
    expect(entitiesInt8.map((e) => ({ label: e.label, text: e.text }))).toEqual(known.NER_EXPECTED);

    const question = { question: 'Where is the treasure?', context: known.QA_CONTEXT };
    const [[answer], [answerInt8]] = await both<Answer[]>('qa', question);
    expect(answerInt8?.answer).toBe(known.QA_ANSWER);
    expect(answerInt8?.start).toBe(answer?.start);

    const texts = ['the pirate captain and his ship', 'treasure on the island', 'pizza and bread for dinner'];
    const vectors = await Promise.all(texts.map((text) => both<Float32Array>('embeddings', { text })));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
    for (const [fp32, int8] of vectors) expect(dot(fp32, int8)).toBeGreaterThan(0.999);
    const [p1, p2, food] = vectors.map(([, int8]) => int8) as [Float32Array, Float32Array, Float32Array];
    expect(dot(p1, p2)).toBeGreaterThan(dot(p1, food));
  });
});

describe('int8 BERT in the Hub export layout', () => {
  const dir = tempDir('omb-int8-bert-');
  const repo = 'fixtures/tiny-bert';
  const shape = { layers: 2, hidden: 64, heads: 4, intermediate: 128, vocab: 0, maxPositions: 128, labels: 4 };
  const labels = ['a', 'b', 'c', 'd'];
  let pool: WorkerPool;
  let handles: { fp32: ModelHandle; int8: ModelHandle };

  beforeAll(() => {
    const options = { cased: false, maxLength: 128, words: [...known.COMMON_WORDS, 'lol', 'server', 'patch'] };
    const vocab = buildVocab(options);
    const graph = () => bertGraph({ ...shape, vocab: vocab.length }, { head: 'sequence', seed: 7, headScale: 0.5 });
    writeModel(dir, repo, {
      'config.json': {
        model_type: 'bert',
        id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
        max_position_embeddings: 128,
      },
      ...(tokenizerFiles(vocab, options) as Record<string, FileContent>),
      'onnx/model.onnx': () => graph().chunks(),
      [INT8_GRAPH]: () => quantizeDynamic(graph(), BERT_INT8).chunks(),
    });
    const handle = (files: string[], key: string): ModelHandle => ({
      key,
      dir: modelDir(dir, repo),
      task: 'text-classification',
      files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', ...files],
      bytes: 0,
    });
    handles = { fp32: handle(['onnx/model.onnx'], 'tiny:fp32'), int8: handle([INT8_GRAPH], 'tiny:int8') };
    pool = testPool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('quantizes every weight MatMul: DynamicQuantizeLinear → MatMulInteger → Cast → Mul, int8 weights', () => {
    const model = onnx.ModelProto.decode(readFileSync(path.join(modelDir(dir, repo), INT8_GRAPH)));
    const ops = (model.graph?.node ?? []).map((n) => n.opType);
    const fp32Ops = opTypes(path.join(modelDir(dir, repo), 'onnx/model.onnx'));
    // Per layer Q, K, V, output, two FFN; the pooler and the classifier: each now a MatMulInteger.
    const weightMatMuls = shape.layers * 6 + 2;
    expect(ops.filter((o) => o === 'MatMulInteger')).toHaveLength(weightMatMuls);
    // Only the two attention MatMuls per layer (activation × activation) stay float.
    expect(ops.filter((o) => o === 'MatMul')).toHaveLength(shape.layers * 2);
    expect(fp32Ops.filter((o) => o === 'MatMul')).toHaveLength(weightMatMuls + shape.layers * 2);
    // One DynamicQuantizeLinear per activation: Q, K and V share theirs.
    expect(ops.filter((o) => o === 'DynamicQuantizeLinear')).toHaveLength(shape.layers * 4 + 2);
    const types = new Set((model.graph?.initializer ?? []).map((t) => t.dataType));
    expect(types).toContain(onnx.TensorProto.DataType.INT8);
  });

  it('runs in ONNX Runtime and agrees with fp32 on chat messages', async () => {
    const words = [...known.COMMON_WORDS, 'lol', 'server', 'patch'];
    const messages = Array.from({ length: 60 }, (_, i) =>
      Array.from({ length: 4 + (i % 17) }, (_, j) => words[(i * 31 + j * 7) % words.length]).join(' '),
    );
    const run = (handle: ModelHandle) =>
      Promise.all(messages.map((text) => pool.run(handle, { text }) as Promise<LabelScore[]>));
    const [fp32, int8] = [await run(handles.fp32), await run(handles.int8)];
    let agree = 0;
    let maxDiff = 0;
    fp32.forEach((scores, i) => {
      if (scores[0]?.label === int8[i]?.[0]?.label) agree += 1;
      for (const s of scores) {
        const other = int8[i]?.find((o) => o.label === s.label)?.score ?? 0;
        maxDiff = Math.max(maxDiff, Math.abs(s.score - other));
      }
    });
    expect(agree / messages.length).toBeGreaterThanOrEqual(0.9);
    expect(maxDiff).toBeLessThan(0.1);
    // Not the same graph in disguise: int8 rounding moves the probabilities a little.
    expect(maxDiff).toBeGreaterThan(0);
  });
});

describe("Whisper's int8 pair", () => {
  const dir = tempDir('omb-int8-whisper-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("quantizes the MatMuls inside the merged decoder's If branches, each shared weight once", async () => {
    const fp32 = whisperBaseDecoder({ dModel: 8, heads: 2, layers: 1, ffn: 16 }, 64, 1001);
    const bytes = quantizeDynamic(fp32, WHISPER_DECODER_INT8).encode();
    const int8 = onnx.ModelProto.decode(bytes);
    const branchOps = (model: onnxProto.onnx.IModelProto) =>
      (model.graph?.node ?? [])
        .flatMap((n) => n.attribute ?? [])
        .flatMap((a) => (a.g?.node ?? []).map((b) => b.opType));
    const before = branchOps(onnx.ModelProto.decode(fp32.encode()));
    const after = branchOps(int8);
    expect(after.filter((o) => o === 'MatMulInteger').length).toBeGreaterThan(0);
    expect(after.filter((o) => o === 'MatMul').length).toBeLessThan(before.filter((o) => o === 'MatMul').length);
    // Both branches read the same weights: one int8 copy each, no duplicate initializers.
    const names = (int8.graph?.initializer ?? []).map((t) => t.name ?? '');
    expect(names.some((n) => n.endsWith('_quantized'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputNames).toContain('logits');
    await session.release();
  });

  it('is written beside the fp32 graphs and loads in ONNX Runtime with the same inputs and outputs', async () => {
    writeFixtures(dir, { only: ['whisper'] });
    const onnxDir = path.join(modelDir(dir, 'Xenova/whisper-base'), 'onnx');
    for (const file of ['encoder_model_quantized.onnx', 'decoder_model_merged_quantized.onnx']) {
      const session = await ort.InferenceSession.create(path.join(onnxDir, file));
      const fp32 = await ort.InferenceSession.create(path.join(onnxDir, file.replace('_quantized', '')));
      expect(session.inputNames).toEqual(fp32.inputNames);
      expect(session.outputNames).toEqual(fp32.outputNames);
      await Promise.all([session.release(), fp32.release()]);
    }
  });
});
