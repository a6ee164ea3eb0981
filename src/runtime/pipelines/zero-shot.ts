import { AppError } from '../../errors.js';
import type { ModelHandle } from '../protocol.js';
import type { LabelScore, ZeroShotInput } from '../tasks.js';
import { type Encoder, encoderGraph, loadEncoder, type ModelConfig, runRows, softmax } from './encoder.js';
import { ItemFailure, type Pipeline } from './pipeline.js';

/** transformers.js' default hypothesis (and Python transformers'). */
export const DEFAULT_HYPOTHESIS = 'This example is {}.';
/** Pairs per session run: a cancelled request stops between chunks instead of after its whole batch. */
const CHUNK = 64;

interface Pair {
  ids: number[];
  types: number[];
}

/**
 * Zero-shot classification with an NLI model, scored as transformers.js' `zero-shot-classification` pipeline does:
 * the text is the premise, each label in the template is a hypothesis; with one label or `multiLabel`, each label's
 * score is the softmax of its [contradiction, entailment] logits, else the softmax of the entailment logits across
 * labels. Unlike transformers.js every pair of every request runs in one length-grouped batch, and a pair longer
 * than the model takes loses the end of its premise, never its hypothesis (Python transformers' `only_first`).
 */
export async function zeroShotClassification(model: ModelHandle, threads: number): Promise<Pipeline> {
  const encoder = await loadEncoder(model.dir, threads, encoderGraph(model));
  const { entailment, contradiction } = nliIds(encoder.config);
  return {
    async run(inputs, ctx) {
      const items = inputs as ZeroShotInput[];
      // A request whose pairs cannot be encoded fails alone; the rest of the batch runs.
      const encoded = items.map((item) => {
        try {
          return hypotheses(item).map((hypothesis) => encodePair(encoder, item.text, hypothesis));
        } catch (error) {
          if (error instanceof AppError) return new ItemFailure(error.code, error.message);
          throw error;
        }
      });
      const pairs = encoded.flatMap((list) => (list instanceof ItemFailure ? [] : list));
      const logits: Float32Array[] = [];
      for (let from = 0; from < pairs.length; from += CHUNK) {
        if (ctx.signal.aborted) throw new AppError('unavailable', 'the request was cancelled');
        const chunk = pairs.slice(from, from + CHUNK);
        const rows = await runRows(
          encoder,
          chunk.map((p) => p.ids),
          ['logits'],
          chunk.map((p) => p.types),
        );
        for (const row of rows) logits.push(row.get('logits'));
      }
      let next = 0;
      return items.map((item, index): LabelScore[] | ItemFailure => {
        const failure = encoded[index];
        if (failure instanceof ItemFailure) return failure;
        const mine = item.labels.map(() => logits[next++] ?? new Float32Array(0));
        const independent = item.multiLabel === true || item.labels.length === 1;
        const scores = independent
          ? mine.map((l) => softmax([l[contradiction] ?? 0, l[entailment] ?? 0])[1] ?? 0)
          : softmax(mine.map((l) => l[entailment] ?? 0));
        return item.labels.map((label, i) => ({ label, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
      });
    },
    dispose: () => encoder.session.release(),
  };
}

/**
 * Which logits are entailment and contradiction, from config.json's label2id as transformers.js reads it (case
 * ignored; `not_entailment` stands for contradiction in two-way models), with its fallbacks 2 and 0.
 */
export function nliIds(config: ModelConfig & { label2id?: Record<string, number> }) {
  const ids = new Map(Object.entries(config.label2id ?? {}).map(([label, id]) => [label.toLowerCase(), id]));
  return {
    entailment: ids.get('entailment') ?? 2,
    contradiction: ids.get('contradiction') ?? ids.get('not_entailment') ?? 0,
  };
}

/** Each label in the template's first `{}` (a function replacement: a "$&" in a label stays as written). */
function hypotheses(item: ZeroShotInput): string[] {
  const template = item.hypothesisTemplate ?? DEFAULT_HYPOTHESIS;
  return item.labels.map((label) => template.replace('{}', () => label));
}

/** The tokenizer's pair encoding; past the model's length, tokens come off the premise's end. */
function encodePair(encoder: Encoder, premise: string, hypothesis: string): Pair {
  const { tokenizer } = encoder;
  const encoded = tokenizer(premise, { text_pair: hypothesis, return_tensor: false }) as unknown as {
    input_ids: number[];
    token_type_ids?: number[];
  };
  const ids = [...encoded.input_ids];
  const types = encoded.token_type_ids ? [...encoded.token_type_ids] : ids.map(() => 0);
  const over = ids.length - encoder.maxLength;
  if (over > 0) {
    const first = tokenizer.encode(premise, { add_special_tokens: false });
    const start = indexOfRun(ids, first);
    const cut = Math.min(over, first.length);
    if (start < 0 || cut < over) throw new AppError('bad_request', 'a label is longer than the model can read');
    ids.splice(start + first.length - cut, cut);
    types.splice(start + first.length - cut, cut);
  }
  return { ids, types };
}

/** Where `run` starts inside `ids` (the premise's tokens inside the pair), or -1. */
function indexOfRun(ids: readonly number[], run: readonly number[]): number {
  outer: for (let start = 0; start + run.length <= ids.length; start++) {
    for (let k = 0; k < run.length; k++) if (ids[start + k] !== run[k]) continue outer;
    return start;
  }
  return -1;
}
