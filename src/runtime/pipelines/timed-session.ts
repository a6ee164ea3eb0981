import { Float16Array } from '@petamoriken/float16';
import ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';
import { sessionOptions } from './encoder.js';

/** A tensor as the pipelines handle it: float32 or plain numbers, whatever the session stores. */
export interface Values {
  data: Float32Array | readonly number[];
  dims: readonly number[];
}

/**
 * An ONNX session that converts to and from the element types its metadata declares (float16, float32, int32,
 * int64), so one pipeline runs fp32 and fp16 exports alike, and that counts the time spent inside `run`.
 */
export class TimedSession {
  elapsedMs = 0;
  private readonly types: Map<string, string>;

  private constructor(private readonly session: ort.InferenceSession) {
    this.types = new Map(session.inputMetadata.map((m) => [m.name, m.isTensor ? m.type : 'float32']));
  }

  static async open(file: string, threads: number): Promise<TimedSession> {
    return new TimedSession(await ort.InferenceSession.create(file, sessionOptions(threads)));
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** An input's shape for this batch: [] for a scalar input, else [batch] (timestep). */
  dimsOf(name: string, batch: number): number[] {
    const meta = this.session.inputMetadata.find((m) => m.name === name);
    return meta?.isTensor && meta.shape.length === 0 ? [] : [batch];
  }

  async run(feeds: Record<string, Values>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, values] of Object.entries(feeds)) tensors[name] = this.tensor(name, values);
    const started = performance.now();
    const out = await this.session.run(tensors);
    this.elapsedMs += performance.now() - started;
    const result: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, tensor] of Object.entries(out)) result[name] = { data: toFloat32(tensor), dims: tensor.dims };
    return result;
  }

  release(): Promise<void> {
    return this.session.release();
  }

  private tensor(name: string, { data, dims }: Values): ort.Tensor {
    const type = this.types.get(name);
    const shape = [...dims];
    switch (type) {
      case 'float32':
        return new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(data), shape);
      case 'float16':
        return new ort.Tensor('float16', new Uint16Array(Float16Array.from(data).buffer), shape);
      case 'int32':
        return new ort.Tensor('int32', Int32Array.from(data, Math.round), shape);
      case 'int64':
        return new ort.Tensor(
          'int64',
          BigInt64Array.from(data, (v) => BigInt(Math.round(v))),
          shape,
        );
      default:
        throw new AppError('unavailable', `the model input ${name} has an unsupported type (${type})`);
    }
  }
}

function toFloat32(tensor: ort.Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') {
    const bits = tensor.data as Uint16Array;
    return Float32Array.from(new Float16Array(bits.buffer, bits.byteOffset, bits.length));
  }
  return Float32Array.from(tensor.data as ArrayLike<number>, Number);
}
