import { predict } from '../../../runtime/linear/logistic.js';
import type { TrainedHead, TrainJob } from '../../../runtime/linear/train-in-worker.js';
import type { ModelSpec } from '../../../runtime/models.js';
import type { Runtime } from '../../../runtime/runtime.js';
import type { Priority } from '../../../runtime/tasks.js';
import type { ModerationStore } from '../store.js';
import { examplesOf } from './dataset.js';
import type { TunedHead } from './head.js';

/** Fewer examples of either class than this, and the head is not trained: its metrics would mean nothing. */
export const MIN_PER_CLASS = 5;
export const FOLDS = 5;
/** L2 strength: enough to keep weights finite on separable data, little enough to follow a few hundred examples. */
export const LAMBDA = 0.01;
/** The newest decided cases a head learns from: bounds a training run's time and memory on a long mod-log. */
export const MAX_EXAMPLES = 5000;
/** Embeddings asked of the pool at once: well under its queue limit, which people's searches share. */
const EMBED_AT_ONCE = 32;

export interface TunerDeps {
  runtime: Runtime;
  /** The frozen encoder: the embedding model of the runtime pool. */
  embeddings: ModelSpec;
  store: ModerationStore;
  /** Runs a training job off the event loop (a worker thread). */
  train: (job: TrainJob) => Promise<TrainedHead>;
}

/** What a training run gives: the new head, or why there is none (an expected outcome, not an error). */
export type TrainOutcome =
  | { trained: true; head: TunedHead }
  | { trained: false; reason: string; positives: number; negatives: number };

/** The head's verdict on one message, where a moderator let it run. */
export interface TunedScore {
  score: number;
  threshold: number;
  mode: 'shadow' | 'live';
}

export interface Tuner {
  train(tenantId: string, by: string): Promise<TrainOutcome>;
  score(tenantId: string, text: string): Promise<TunedScore | undefined>;
}

/**
 * Trains each server's head from its own mod-log (sentence embeddings of the cases' messages, labelled by what the
 * moderators decided) and scores messages with it. The embeddings run on the shared pool below people's requests;
 * the fitting runs in a worker. A new head keeps the mode moderators chose for the old one; the first starts off.
 */
export function createTuner(deps: TunerDeps): Tuner {
  const { runtime, store } = deps;
  const model = { ...deps.embeddings, task: 'feature-extraction' as const };
  const embed = (text: string, priority: Priority) =>
    runtime.run(model, { text, pooling: 'mean', normalize: true }, { priority });
  // A server's training asked for while one runs (a second moderator, the schedule) waits for that one instead.
  const running = new Map<string, Promise<TrainOutcome>>();
  const train = async (tenantId: string, by: string): Promise<TrainOutcome> => {
    const examples = examplesOf(await store.allCases(tenantId), MAX_EXAMPLES);
    const positives = examples.labels.filter((l) => l === 1).length;
    const negatives = examples.labels.length - positives;
    if (positives < MIN_PER_CLASS || negatives < MIN_PER_CLASS) {
      const reason =
        `not enough decided cases to learn from: ${positives} to act on and ${negatives} not to ` +
        `(at least ${MIN_PER_CLASS} of each are needed; appeals decided and dismissed cases teach what not to act on)`;
      return { trained: false, reason, positives, negatives };
    }
    const vectors: Float32Array[] = [];
    for (let i = 0; i < examples.texts.length; i += EMBED_AT_ONCE) {
      const batch = examples.texts.slice(i, i + EMBED_AT_ONCE);
      vectors.push(...(await Promise.all(batch.map((text) => embed(text, 'ingestion')))));
    }
    const dims = vectors[0]?.length ?? 0;
    const x = new Float32Array(vectors.length * dims);
    vectors.forEach((v, i) => {
      x.set(v, i * dims);
    });
    const fitted = await deps.train({ x, y: Uint8Array.from(examples.labels), dims, folds: FOLDS, lambda: LAMBDA });
    const previous = await store.tunedHead(tenantId);
    const head: TunedHead = {
      mode: previous?.mode ?? 'off',
      threshold: previous?.threshold ?? 0.5,
      weights: fitted.weights,
      bias: fitted.bias,
      encoder: { repo: model.repo, revision: runtime.revisionOf(model) },
      lambda: LAMBDA,
      metrics: {
        folds: fitted.cv.folds,
        precision: fitted.cv.precision,
        recall: fitted.cv.recall,
        examples: examples.labels.length,
        positives,
        negatives,
      },
      trainedAt: new Date().toISOString(),
      trainedBy: by,
    };
    await store.setTunedHead(tenantId, head);
    return { trained: true, head };
  };
  return {
    train(tenantId, by) {
      const current = running.get(tenantId);
      if (current) return current;
      const started = train(tenantId, by).finally(() => running.delete(tenantId));
      running.set(tenantId, started);
      return started;
    },
    async score(tenantId, text) {
      const head = await store.tunedHead(tenantId);
      if (!head || head.mode === 'off') return undefined;
      const vector = await embed(text, 'background');
      // Weights belong to the encoder they were trained on: after a model change they mean nothing until retrained.
      if (head.encoder.repo !== model.repo || head.encoder.revision !== runtime.revisionOf(model)) return undefined;
      return { score: predict(head, vector), threshold: head.threshold, mode: head.mode };
    },
  };
}
