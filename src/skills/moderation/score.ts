import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { toSentiment } from '../sentiment/scores.js';
import { textWindows } from '../text-windows.js';
import type { Policy } from './policy.js';

export interface ModerationModels {
  toxicity: ModelSpec;
  sentiment: ModelSpec;
  /** Scores the policy's rules in plain words (rules.ts); without it rules are not scored. */
  nli?: ModelSpec;
}

export interface TextScores {
  /** Label → score: toxicity labels (multi-label) and negative/neutral/positive when sentiment is on. */
  scores: Record<string, number>;
  models: { repo: string; revision: string }[];
}

/**
 * Scores a text with the policy's models. A text longer than a model's window is scored window by window and
 * each label keeps its worst (highest) window: one abusive paragraph in a long post is not averaged away.
 */
export async function scoreText(
  runtime: Runtime,
  models: ModerationModels,
  policy: Policy,
  text: string,
  priority: 'interactive' | 'background',
): Promise<TextScores> {
  const scores: Record<string, number> = {};
  const keep = (label: string, score: number) => {
    scores[label] = Math.max(scores[label] ?? 0, score);
  };
  const windows = textWindows(text);
  const used: ModelSpec[] = [];
  await Promise.all(
    policy.models.map(async (id) => {
      const spec = models[id];
      used.push(spec);
      const model = { ...spec, task: 'text-classification' as const };
      for (const labels of await Promise.all(windows.map((w) => runtime.run(model, { text: w.text }, { priority })))) {
        if (id === 'sentiment') for (const [label, score] of Object.entries(toSentiment(labels))) keep(label, score);
        else for (const { label, score } of labels) keep(label, score);
      }
    }),
  );
  return { scores, models: used.map((spec) => ({ repo: spec.repo, revision: runtime.revisionOf(spec) })) };
}
