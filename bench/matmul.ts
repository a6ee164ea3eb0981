import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { median } from './stats.js';

const { onnx } = onnxProto;

/**
 * The machine's reference speed: float32 FLOP/s of one large MatMul in ONNX Runtime with the given threads.
 * Model efficiency = the model's useful FLOP/s ÷ this.
 */
export async function matmulFlopsPerSecond(threads: number, n = 1024, runs = 7): Promise<number> {
  const tensor = (name: string) => ({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimValue: n }, { dimValue: n }] },
      },
    },
  });
  const model = onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'matmul',
        node: [{ opType: 'MatMul', input: ['a', 'b'], output: ['c'] }],
        input: [tensor('a'), tensor('b')],
        output: [tensor('c')],
      },
    }),
  ).finish();
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000);
  const feeds = { a: new ort.Tensor('float32', data, [n, n]), b: new ort.Tensor('float32', data, [n, n]) };
  await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await session.run(feeds);
    times.push((performance.now() - started) / 1000);
  }
  await session.release();
  return (2 * n ** 3) / median(times);
}
