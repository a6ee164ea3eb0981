import type { ModelHandle } from '../protocol.js';
import type { LabelScore, TaskInput } from '../tasks.js';
import { encodeText, labelsOf, loadEncoder, runSession, sigmoid, softmax, toFeeds } from './encoder.js';
import type { Pipeline } from './pipeline.js';

/** Sequence classification: softmax over labels, or independent sigmoids for multi-label models (toxicity). */
export async function textClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads);
  const multiLabel = encoder.config.problem_type === 'multi_label_classification';
  return {
    async run(inputs) {
      const texts = (inputs as TaskInput<'text-classification'>[]).map((i) => i.text);
      const { data, dims } = await runSession(
        encoder,
        toFeeds(
          encoder,
          texts.map((t) => encodeText(encoder, t)),
        ),
        'logits',
      );
      const count = dims[1] ?? 0;
      const labels = labelsOf(encoder.config, count);
      return texts.map((_, row): LabelScore[] => {
        const logits = data.subarray(row * count, (row + 1) * count);
        const scores = multiLabel ? Array.from(logits, sigmoid) : softmax(logits);
        return scores
          .map((score, i) => ({ label: labels[i] ?? `LABEL_${i}`, score }))
          .sort((a, b) => b.score - a.score);
      });
    },
    dispose: () => encoder.session.release(),
  };
}
