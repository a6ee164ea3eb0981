import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { detectLanguage, UNDETERMINED } from '../language.js';
import { toSentiment } from '../sentiment/scores.js';
import { textWindows } from '../text-windows.js';
import type { Policy } from './policy.js';
import type { ScoringModel } from './store.js';

export interface ModerationModels {
  toxicity: ModelSpec;
  sentiment: ModelSpec;
  /** The toxicity model for text that is not English (XLM-R); without one, every text goes to `toxicity`. */
  'toxicity-multilingual'?: ModelSpec | undefined;
  /** Scores the policy's rules in plain words (rules.ts); without it rules are not scored. */
  nli?: ModelSpec;
}

export interface TextScores {
  /** Label → score: toxicity labels (multi-label) and negative/neutral/positive when sentiment is on. */
  scores: Record<string, number>;
  models: ScoringModel[];
  /** The text's language (ISO 639-1) as detected or given; `und` when too short or unclear to tell. */
  language: string;
}

/**
 * The multilingual model's labels we act on, by the name toxic-bert gives the same thing (the policy's thresholds
 * are toxic-bert's). Only toxicity: the Jigsaw multilingual data it was tuned on labels nothing else, so its other
 * outputs are not evidence in those languages.
 */
const MULTILINGUAL_LABELS: Readonly<Record<string, string>> = { toxicity: 'toxic' };

/**
 * The toxicity model for a language: toxic-bert for English and for undetermined text (a short "gg" or "lol" is
 * most often English chat, and toxic-bert is the better-measured model), the multilingual one for the rest.
 */
export function toxicityModelFor(models: ModerationModels, language: string): ModelSpec {
  const multilingual = models['toxicity-multilingual'];
  return language === 'en' || language === UNDETERMINED || !multilingual ? models.toxicity : multilingual;
}

/**
 * Scores a text with the policy's models, the toxicity model chosen by the text's language (detected unless
 * given). A text longer than a model's window is scored window by window and each label keeps its worst (highest)
 * window: one abusive paragraph in a long post is not averaged away.
 */
export async function scoreText(
  runtime: Runtime,
  models: ModerationModels,
  policy: Policy,
  text: string,
  priority: 'interactive' | 'background',
  language: string = detectLanguage(text),
): Promise<TextScores> {
  const scores: Record<string, number> = {};
  const keep = (label: string, score: number) => {
    scores[label] = Math.max(scores[label] ?? 0, score);
  };
  // The multilingual model's labels it has no mapping for are dropped (see MULTILINGUAL_LABELS).
  const keepAs = (label: string | undefined, score: number) => label !== undefined && keep(label, score);
  const windows = textWindows(text);
  const used: { spec: ModelSpec; toxicity: boolean }[] = [];
  await Promise.all(
    policy.models.map(async (id) => {
      const spec = id === 'toxicity' ? toxicityModelFor(models, language) : models[id];
      const multilingual = id === 'toxicity' && spec !== models.toxicity;
      used.push({ spec, toxicity: id === 'toxicity' });
      const model = { ...spec, task: 'text-classification' as const };
      for (const labels of await Promise.all(windows.map((w) => runtime.run(model, { text: w.text }, { priority })))) {
        if (id === 'sentiment') for (const [label, score] of Object.entries(toSentiment(labels))) keep(label, score);
        else for (const { label, score } of labels) keepAs(multilingual ? MULTILINGUAL_LABELS[label] : label, score);
      }
    }),
  );
  const modelsUsed = used.map(({ spec, toxicity }) => ({
    repo: spec.repo,
    revision: runtime.revisionOf(spec),
    ...(toxicity ? { language } : {}),
  }));
  return { scores, models: modelsUsed, language };
}
