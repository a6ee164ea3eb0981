import type { ErrorCode } from '../../errors.js';
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

/**
 * What a pipeline returns in place of the output of one input of a batch that cannot be run (an upload that is not
 * an image): that caller alone gets the error, the others of the batch their results.
 */
export class ItemFailure {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}
