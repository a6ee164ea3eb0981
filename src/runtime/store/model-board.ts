import type { Logger } from '../../log.js';
import type { ModelSpec } from '../models.js';
import type { ModelStatus, ModelStore } from './model-store.js';

/**
 * Where a model stands, as /readyz and /metrics say: on disk or not (the store's `ModelStatus`), `pulling`,
 * `verified` (every byte checked in this process), `loaded` (a session in the pool), or `failed` (preloading it).
 */
export type ModelState = ModelStatus | 'pulling' | 'verified' | 'loaded' | 'failed';

export interface ModelStateView {
  state: ModelState;
  /** While pulling: bytes so far, in all (when the Hub said), and the percentage. */
  done?: number;
  total?: number;
  percent?: number;
  /** Why preloading failed. */
  error?: string;
}

/** The state of each configured model, by id, from the store and the pool. */
export class ModelBoard {
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly store: ModelStore,
    private readonly specs: readonly ModelSpec[],
    /** Repositories with a session in the pool now. */
    private readonly loadedRepos: () => ReadonlySet<string>,
  ) {}

  states(): Record<string, ModelStateView> {
    const loaded = this.loadedRepos();
    return Object.fromEntries(this.specs.map((spec) => [spec.id, this.stateOf(spec, loaded)]));
  }

  failed(spec: ModelSpec, reason: string): void {
    this.failures.set(spec.id, reason);
  }

  private stateOf(spec: ModelSpec, loaded: ReadonlySet<string>): ModelStateView {
    const pull = this.store.pulling(spec);
    if (pull) {
      const percent = pull.total ? Math.floor((100 * pull.done) / pull.total) : undefined;
      return { state: 'pulling', done: pull.done, ...(pull.total ? { total: pull.total, percent } : {}) };
    }
    if (loaded.has(spec.repo)) return { state: 'loaded' };
    if (this.store.isVerified(spec)) return { state: 'verified' };
    const failure = this.failures.get(spec.id);
    const status = this.store.status(this.store.effective(spec));
    return failure && status !== 'ready' ? { state: 'failed', error: failure } : { state: status };
  }
}

/**
 * MODELS_PRELOAD: pulls (where missing) and verifies the chosen models one after the other in the background, so
 * the first request finds them ready. A progress bar on a terminal, a log line every 10% otherwise. A model that
 * fails is logged and shown as failed; the others go on.
 */
export async function preloadModels(
  store: ModelStore,
  board: ModelBoard,
  specs: readonly ModelSpec[],
  log: Logger,
): Promise<void> {
  // Imported for a terminal only, and not with the module: the server's start loads this module, not always the bars.
  const cliProgress = process.stderr.isTTY ? (await import('cli-progress')).default : undefined;
  const bars = cliProgress
    ? new cliProgress.MultiBar(
        { format: '{model} {bar} {percentage}%', stream: process.stderr, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  for (const spec of specs) {
    const bar = bars?.create(1, 0, { model: spec.id.padEnd(11) });
    let logged = -1;
    const stop = store.watchPull(spec, ({ done, total }) => {
      if (!total) return;
      bar?.setTotal(total);
      bar?.update(done);
      const tenth = Math.floor((10 * done) / total);
      if (!bars && tenth > logged) {
        logged = tenth;
        log.info({ model: spec.id, repo: spec.repo, done, total, percent: tenth * 10 }, 'preloading model');
      }
    });
    try {
      await store.resolve(spec);
      bar?.update(bar.getTotal());
      log.info({ model: spec.id, repo: spec.repo, commit: store.commitOf(spec) }, 'model preloaded and verified');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      board.failed(spec, reason);
      log.error({ model: spec.id, repo: spec.repo, reason }, 'preloading a model failed');
    } finally {
      stop();
    }
  }
  bars?.stop();
}
