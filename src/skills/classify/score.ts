import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { LabelScore } from '../../runtime/tasks.js';
import { textWindows } from '../text-windows.js';

export interface ZeroShotOptions {
  multiLabel: boolean;
  /** transformers.js' "This example is {}." when unset; "{}" when each label is a whole hypothesis (rules). */
  hypothesisTemplate?: string;
  priority?: 'interactive' | 'background';
  signal?: AbortSignal | undefined;
}

/**
 * Scores a text of any length against labels with the NLI model, in the labels' order. Each window of a long text
 * is one request (all its labels in one batched run); independent scores keep each label's highest window (one
 * matching paragraph is enough), scores across labels are averaged by window length (they still sum to 1).
 */
export async function zeroShot(
  runtime: Runtime,
  spec: ModelSpec,
  text: string,
  labels: readonly string[],
  options: ZeroShotOptions,
): Promise<number[]> {
  const model = { ...spec, task: 'zero-shot-classification' as const };
  const { multiLabel, hypothesisTemplate, priority, signal } = options;
  const windows = textWindows(text);
  const input = (w: string) => ({
    text: w,
    labels: [...labels],
    multiLabel,
    ...(hypothesisTemplate === undefined ? {} : { hypothesisTemplate }),
  });
  const scored = await Promise.all(windows.map((w) => runtime.run(model, input(w.text), { priority, signal })));
  const byLabel = (scores: readonly LabelScore[]) => new Map(scores.map((s) => [s.label, s.score]));
  const perWindow = scored.map(byLabel);
  return labels.map((label) => {
    const values = perWindow.map((m) => m.get(label) ?? 0);
    if (multiLabel) return Math.max(...values);
    const total = windows.reduce((n, w) => n + w.text.length, 0) || 1;
    return values.reduce((sum, v, i) => sum + (v * (windows[i]?.text.length ?? 0)) / total, 0);
  });
}
