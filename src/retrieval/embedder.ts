import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Embed } from './knowledge-base.js';

/**
 * Embeddings through the shared pool: mean-pooled, normalised vectors. Every text is its own request so the pool
 * batches them with whatever else is waiting; ingestion runs below people's questions.
 */
export function poolEmbedder(runtime: Runtime, spec: ModelSpec): Embed {
  const model = { ...spec, task: 'feature-extraction' as const };
  return (texts, purpose) =>
    Promise.all(
      texts.map((text) =>
        runtime.run(
          model,
          { text, pooling: 'mean', normalize: true },
          { priority: purpose === 'ingest' ? 'ingestion' : 'interactive' },
        ),
      ),
    );
}
