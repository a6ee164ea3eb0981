import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type M2M100Shape, m2m100Decoder, m2m100Encoder } from '../fixtures/models/m2m100.js';
import { BERT_INT8, quantizeDynamic } from '../fixtures/models/quantize.js';

const { onnx } = onnxProto;
// The full-size fixture's architecture (bench only) at a size a test can run: 2 + 2 layers, 24 tokens.
const SHAPE: M2M100Shape = { dModel: 32, heads: 4, layers: 2, ffn: 64, vocab: 24 };
const encoderFp32 = m2m100Encoder(SHAPE).encode();
const decoderFp32 = m2m100Decoder(SHAPE).encode();
const encoderInt8 = quantizeDynamic(m2m100Encoder(SHAPE), BERT_INT8).encode();
const decoderInt8 = quantizeDynamic(m2m100Decoder(SHAPE), BERT_INT8).encode();

const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** Encoder, then the decoder's first step (no cache) over `decoderIds`: the logits. */
async function logits(encoderBytes: Uint8Array, decoderBytes: Uint8Array, decoderIds: number[]): Promise<Float32Array> {
  const [encoder, decoder] = await Promise.all([
    ort.InferenceSession.create(encoderBytes),
    ort.InferenceSession.create(decoderBytes),
  ]);
  const ids = [20, 5, 9, 11, 2];
  const mask = int64(ids.map(() => 1));
  const { last_hidden_state: encoded } = await encoder.run({ input_ids: int64(ids), attention_mask: mask });
  const headDim = SHAPE.dModel / SHAPE.heads;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(decoderIds),
    encoder_attention_mask: mask,
    encoder_hidden_states: encoded as ort.Tensor,
    use_cache_branch: new ort.Tensor('bool', [false], [1]),
  };
  for (const name of decoder.inputNames.filter((n) => n.startsWith('past_key_values.'))) {
    feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, SHAPE.heads, 0, headDim]);
  }
  const out = await decoder.run(feeds);
  await Promise.all([encoder.release(), decoder.release()]);
  return (out.logits as ort.Tensor).data as Float32Array;
}

describe("M2M100's int8 pair (the full-size translator fixture's graphs, small)", () => {
  it('has the export names: encoder input_ids, attention_mask; merged decoder with pasts and the encoder mask', async () => {
    const encoder = await ort.InferenceSession.create(encoderInt8);
    const decoder = await ort.InferenceSession.create(decoderInt8);
    expect(encoder.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    expect(decoder.inputNames).toEqual(
      expect.arrayContaining(['input_ids', 'encoder_attention_mask', 'encoder_hidden_states', 'use_cache_branch']),
    );
    expect(decoder.inputNames).toContain(`past_key_values.${SHAPE.layers - 1}.encoder.value`);
    expect(decoder.outputNames[0]).toBe('logits');
    expect(decoder.outputNames).toContain(`present.${SHAPE.layers - 1}.decoder.key`);
    await Promise.all([encoder.release(), decoder.release()]);
  });

  it('holds the shared table once in the decoder: the LM head multiplies by its int8 transpose', () => {
    const graph = onnx.ModelProto.decode(decoderInt8).graph;
    const tables = (graph?.initializer ?? []).filter((t) => t.dims?.map(Number).includes(SHAPE.vocab));
    expect(tables.map((t) => [t.name, t.dataType])).toEqual([
      ['model.shared.weight_quantized', onnx.TensorProto.DataType.INT8],
    ]);
    const transpose = graph?.node?.find((n) => n.opType === 'Transpose');
    expect(transpose?.input).toEqual(['model.shared.weight_quantized']);
    const branchInputs = (graph?.node ?? [])
      .flatMap((n) => n.attribute ?? [])
      .flatMap((a) => (a.g?.node ?? []).filter((b) => b.opType === 'MatMulInteger').flatMap((b) => b.input ?? []));
    expect(branchInputs).toContain(transpose?.output?.[0]);
  });

  it('agrees with its fp32 twin on the next token', async () => {
    const fp32 = await logits(encoderFp32, decoderFp32, [2, 18]);
    const int8 = await logits(encoderInt8, decoderInt8, [2, 18]);
    const argmax = (values: Float32Array, row: number) => {
      const slice = values.subarray(row * SHAPE.vocab, (row + 1) * SHAPE.vocab);
      return slice.indexOf(Math.max(...slice));
    };
    for (const row of [0, 1]) expect(argmax(int8, row)).toBe(argmax(fp32, row));
    expect(int8).not.toEqual(fp32);
  });
});
