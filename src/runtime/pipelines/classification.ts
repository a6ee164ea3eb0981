import type { ModelHandle } from '../protocol.js';
import type { LabelScore, TaskInput } from '../tasks.js';
import { encoderGraph, encodeText, labelsOf, loadEncoder, runRows, sigmoid, softmax } from './encoder.js';
import type { Pipeline } from './pipeline.js';

/** Sequence classification: softmax over labels, or independent sigmoids for multi-label models (toxicity). */
export async function textClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads, encoderGraph(model));
  // The spec's head, where it gives one, stands in for what the export's config.json leaves out.
  const head = model.classifierHead;
  const multiLabel = head?.multiLabel ?? encoder.config.problem_type === 'multi_label_classification';
  return {
    async run(inputs) {
      const texts = (inputs as TaskInput<'text-classification'>[]).map((i) => i.text);
      const outputs = await runRows(
        encoder,
        texts.map((t) => encodeText(encoder, t)),
        ['logits'],
      );
      return outputs.map((row): LabelScore[] => {
        const logits = row.get('logits');
        const labels = head ? [...head.labels] : labelsOf(encoder.config, logits.length);
        const scores = multiLabel ? Array.from(logits, sigmoid) : softmax(logits);
        return scores
          .map((score, i) => ({ label: labels[i] ?? `LABEL_${i}`, score }))
          .sort((a, b) => b.score - a.score);
      });
    },
    dispose: () => encoder.session.release(),
  };
}
