import type { ModelHandle } from '../protocol.js';
import type { TaskInput } from '../tasks.js';
import { encoderGraph, encodeText, loadEncoder, runRows } from './encoder.js';
import type { Pipeline } from './pipeline.js';

/** Sentence embeddings: mean pooling over real tokens (or [CLS]), then L2 normalisation by default. */
export async function featureExtraction(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads, encoderGraph(model));
  return {
    async run(inputs) {
      const items = inputs as TaskInput<'feature-extraction'>[];
      const rows = items.map((i) => encodeText(encoder, i.text));
      const outputs = await runRows(encoder, rows, ['last_hidden_state']);
      return items.map((item, r) => {
        const states = outputs[r]?.get('last_hidden_state') ?? new Float32Array();
        const hidden = states.length / (outputs[r]?.width || 1);
        const vector = new Float32Array(hidden);
        const tokens = item.pooling === 'cls' ? 1 : (rows[r]?.length ?? 1);
        for (let t = 0; t < tokens; t++) {
          for (let h = 0; h < hidden; h++) vector[h] = (vector[h] ?? 0) + (states[t * hidden + h] ?? 0) / tokens;
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
