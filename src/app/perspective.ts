import type { ToxicityScorer } from '../adapters/http/perspective.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import { detectLanguage } from '../skills/moderation/language.js';
import { policySchema } from '../skills/moderation/policy.js';
import { scoreText } from '../skills/moderation/score.js';

/**
 * The languages the multilingual model's card says it was trained on (Detoxify multilingual: Jigsaw's English data
 * with the Jigsaw Multilingual competition's six): the ones the Perspective endpoint answers for besides English.
 * Moderation routes every non-English text to it anyway (better than an English-only model), the API claims less.
 */
export const MULTILINGUAL_LANGUAGES = ['fr', 'es', 'it', 'pt', 'tr', 'ru'] as const;

/**
 * The Perspective-compatible endpoint's scores: the moderation skill's own scoring (scoreText: the toxicity model for
 * the language through the runtime pool, long texts window by window, each label's worst window), with the toxicity
 * model only, whatever a tenant's policy says. Undefined when no toxicity model is configured.
 */
export function toxicityScorer(runtime: Runtime, specs: readonly ModelSpec[]): ToxicityScorer | undefined {
  const toxicity = specs.find((spec) => spec.id === 'toxicity');
  const sentiment = specs.find((spec) => spec.id === 'sentiment');
  const multilingual = specs.find((spec) => spec.id === 'toxicity-multilingual');
  if (!toxicity || !sentiment) return undefined;
  const policy = policySchema.parse({ models: ['toxicity'] });
  const models = { toxicity, sentiment, 'toxicity-multilingual': multilingual };
  return {
    languages: ['en', ...(multilingual ? MULTILINGUAL_LANGUAGES : [])],
    detect: detectLanguage,
    score: async (text, language) => (await scoreText(runtime, models, policy, text, 'interactive', language)).scores,
  };
}
