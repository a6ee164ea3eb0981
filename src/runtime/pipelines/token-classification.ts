import type { ModelHandle } from '../protocol.js';
import type { Entity, TaskInput } from '../tasks.js';
import { aggregate, type TokenPrediction } from './aggregation.js';
import { encoderGraph, encodeText, labelsOf, loadEncoder, runRows, softmax } from './encoder.js';
import { alignTokens } from './offsets.js';
import type { Pipeline } from './pipeline.js';

/** Named entities with character offsets into the original text and a choice of aggregation strategy. */
export async function tokenClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads, encoderGraph(model));
  const prefix = encoder.normalization.continuationPrefix;
  return {
    async run(inputs) {
      const items = inputs as TaskInput<'token-classification'>[];
      const rows = items.map((i) => encodeText(encoder, i.text));
      const outputs = await runRows(encoder, rows, ['logits']);
      return items.map((item, r): Entity[] => {
        const logits = outputs[r]?.get('logits') ?? new Float32Array();
        const count = logits.length / (outputs[r]?.width || 1);
        const labels = labelsOf(encoder.config, count);
        const ids = rows[r] ?? [];
        const tokens = ids.map((id) => encoder.idToToken[id] ?? '');
        const spans = alignTokens(
          item.text,
          tokens,
          ids.map((id) => encoder.specialIds.has(id)),
          encoder.normalization,
        );
        const predictions: TokenPrediction[] = [];
        spans.forEach((span, t) => {
          if (!span) return;
          predictions.push({
            probs: softmax(logits.subarray(t * count, (t + 1) * count)),
            span,
            continuation: (tokens[t] ?? '').startsWith(prefix),
          });
        });
        return aggregate(item.text, predictions, labels, item.aggregation ?? 'first');
      });
    },
    dispose: () => encoder.session.release(),
  };
}
