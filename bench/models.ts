import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from '@huggingface/transformers';
import { createLogger } from '../src/log.js';
import { DEFAULT_MODELS, type DefaultModelId } from '../src/runtime/manifest.js';
import { WorkerPool } from '../src/runtime/pool.js';
import type { ModelHandle } from '../src/runtime/protocol.js';
import type { TaskName } from '../src/runtime/tasks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Full-size random-weight models are generated once and cached here (never committed; BENCH_MODELS_DIR moves it). */
export const benchModelsDir =
  process.env.BENCH_MODELS_DIR ?? path.join(root, 'node_modules', '.cache', 'open-model-bot', 'bench-models');

/** A full-size fixture of a default model (real architecture size, random weights), generated on first use. */
export function benchModel(id: DefaultModelId): { handle: ModelHandle; dir: string; config: BertConfig } {
  const spec = DEFAULT_MODELS[id];
  const dir = path.join(benchModelsDir, ...spec.repo.split('/'));
  if (!spec.files.every((f) => existsSync(path.join(dir, f)))) {
    process.stderr.write(`generating full-size ${spec.repo} in ${benchModelsDir} (once)…\n`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/models/cli.ts', benchModelsDir, '--full-size', '--only', id],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as BertConfig;
  const handle: ModelHandle = {
    key: `bench:${spec.repo}`,
    dir,
    task: spec.task as TaskName,
    files: spec.files,
    bytes: 0,
  };
  return { handle, dir, config };
}

export interface BertConfig {
  num_hidden_layers: number;
  hidden_size: number;
  intermediate_size: number;
  num_labels?: number;
  id2label?: Record<string, string>;
}

/**
 * Useful floating-point operations of one encoder pass over `tokens` real tokens (padding excluded): per layer
 * the Q/K/V/output projections (4·2·h²), the FFN (2·2·h·i) per token, and attention scores and mixing
 * (2·2·s·h) per token.
 */
export function encoderFlops(config: BertConfig, tokens: number): number {
  const h = config.hidden_size;
  const perToken = 8 * h * h + 4 * h * config.intermediate_size + 4 * tokens * h;
  return config.num_hidden_layers * tokens * perToken;
}

/** Our side of a benchmark: the pool as the server builds it, one worker using all the cores. */
export function benchPool(threads: number, queue: number): WorkerPool {
  return new WorkerPool({
    workers: 1,
    threadsPerWorker: threads,
    maxBatch: 32,
    maxWaitMs: 5,
    maxQueuePerModel: queue,
    runTimeoutMs: 600_000,
    idleUnloadMs: 600_000,
    memoryBudgetBytes: 16 * 2 ** 30,
    log: createLogger('warn'),
  });
}

/** The peer: a transformers.js text-classification pipeline on the calling thread, same file and threads. */
export async function peerClassifier(dir: string, threads: number) {
  const classify = await pipeline('text-classification', dir, {
    local_files_only: true,
    dtype: 'fp32',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  await classify('warm up');
  return classify;
}
