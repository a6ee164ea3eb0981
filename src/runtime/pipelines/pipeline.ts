import type { ModelHandle } from '../protocol.js';

export interface PipelineContext {
  signal: AbortSignal;
  /** Streams a text piece for input `index` (generation). */
  emit(index: number, text: string): void;
}

/** A loaded model inside a worker: runs a batch of inputs of its task, returns one output per input. */
export interface Pipeline {
  run(inputs: unknown[], ctx: PipelineContext): Promise<unknown[]>;
  dispose(): Promise<void>;
}

export type PipelineFactory = (model: ModelHandle, threads: number) => Promise<Pipeline>;
