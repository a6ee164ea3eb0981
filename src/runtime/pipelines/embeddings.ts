import type { ModelHandle } from '../protocol.js';
import type { TaskInput } from '../tasks.js';
import { encodeText, loadEncoder, runSession, toFeeds } from './encoder.js';
import type { Pipeline } from './pipeline.js';

/** Sentence embeddings: mean pooling over real tokens (or [CLS]), then L2 normalisation by default. */
export async function featureExtraction(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads);
  return {
    async run(inputs) {
      const items = inputs as TaskInput<'feature-extraction'>[];
      const rows = items.map((i) => encodeText(encoder, i.text));
      const { data, dims } = await runSession(encoder, toFeeds(encoder, rows), 'last_hidden_state');
      const [, width = 0, hidden = 0] = dims;
      return items.map((item, r) => {
        const vector = new Float32Array(hidden);
        const tokens = item.pooling === 'cls' ? 1 : (rows[r]?.length ?? 1);
        for (let t = 0; t < tokens; t++) {
          const offset = (r * width + t) * hidden;
          for (let h = 0; h < hidden; h++) vector[h] = (vector[h] ?? 0) + (data[offset + h] ?? 0) / tokens;
        }
        if (item.normalize !== false) {
          const norm = Math.hypot(...vector) || 1;
          for (let h = 0; h < hidden; h++) vector[h] = (vector[h] ?? 0) / norm;
        }
        return vector;
      });
    },
    dispose: () => encoder.session.release(),
  };
}
