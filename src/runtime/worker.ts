import { parentPort, type TransferListItem, workerData } from 'node:worker_threads';
import { type ErrorCode, isAppError } from '../errors.js';
import { PIPELINES } from './pipelines/index.js';
import { ItemFailure, type Pipeline } from './pipelines/pipeline.js';
import type { FromWorker, ModelHandle, ToWorker, WorkerSetup } from './protocol.js';

/**
 * A pool worker: loads models on first use and runs one batch at a time (the pool never sends a second before
 * the first answers), so ORT's threads here never compete with another batch of ours.
 */
const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const pipelines = new Map<string, Promise<Pipeline>>();
const cancellations = new Map<number, AbortController>();

function post(message: FromWorker, transfer: TransferListItem[] = []): void {
  port?.postMessage(message, transfer);
}

async function load(model: ModelHandle): Promise<{ pipeline: Pipeline; loadMs: number }> {
  const existing = pipelines.get(model.key);
  if (existing) return { pipeline: await existing, loadMs: 0 };
  const started = performance.now();
  const loading = PIPELINES[model.task](model, setup.threads);
  pipelines.set(model.key, loading);
  try {
    return { pipeline: await loading, loadMs: performance.now() - started };
  } catch (error) {
    pipelines.delete(model.key);
    throw error;
  }
}

async function run(id: number, model: ModelHandle, inputs: unknown[]): Promise<void> {
  const controller = new AbortController();
  cancellations.set(id, controller);
  try {
    const { pipeline, loadMs } = await load(model);
    const started = performance.now();
    const results = await pipeline.run(inputs, {
      signal: controller.signal,
      emit: (index, text) => post({ op: 'token', id, index, text }),
    });
    const failures: Record<number, { code: ErrorCode; message: string }> = {};
    const outputs = results.map((output, index) => {
      if (!(output instanceof ItemFailure)) return output;
      failures[index] = { code: output.code, message: output.message };
      return null;
    });
    // Embeddings travel as transferred buffers instead of being copied.
    const transfer = outputs.flatMap((o) =>
      o instanceof Float32Array && o.buffer instanceof ArrayBuffer ? [o.buffer] : [],
    );
    const failed = Object.keys(failures).length > 0 ? { failures } : {};
    post({ op: 'result', id, outputs, loadMs, inferMs: performance.now() - started, ...failed }, transfer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ op: 'error', id, code: isAppError(error) ? error.code : 'internal', message });
  } finally {
    cancellations.delete(id);
  }
}

async function unload(key: string): Promise<void> {
  const loading = pipelines.get(key);
  pipelines.delete(key);
  await (await loading?.catch(() => undefined))?.dispose();
  post({ op: 'unloaded', key });
}

port.on('message', (message: ToWorker) => {
  switch (message.op) {
    case 'run':
      void run(message.id, message.model, message.inputs);
      return;
    case 'cancel':
      cancellations.get(message.id)?.abort();
      return;
    case 'unload':
      void unload(message.key);
      return;
    case 'stop':
      // Handled between native runs (a run holds this thread until it returns; a generation loop yields between
      // tokens), so ending here never interrupts onnxruntime mid-run, which aborts the whole process.
      process.exit(0);
      return;
    default:
      throw new Error(`unknown message ${JSON.stringify(message satisfies never)}`);
  }
});
