import type { ToxicityScorer } from '../adapters/http/perspective.js';
import type { ModelSpec } from '../runtime/models.js';
import type { Runtime } from '../runtime/runtime.js';
import { policySchema } from '../skills/moderation/policy.js';
import { scoreText } from '../skills/moderation/score.js';

/**
 * The Perspective-compatible endpoint's scores: the moderation skill's own scoring (scoreText: toxic-bert through
 * the runtime pool, long texts window by window, each label's worst window), with the toxicity model only, whatever
 * a tenant's policy says. Undefined when no toxicity model is configured.
 */
export function toxicityScorer(runtime: Runtime, specs: readonly ModelSpec[]): ToxicityScorer | undefined {
  const toxicity = specs.find((spec) => spec.id === 'toxicity');
  const sentiment = specs.find((spec) => spec.id === 'sentiment');
  if (!toxicity || !sentiment) return undefined;
  const policy = policySchema.parse({ models: ['toxicity'] });
  return async (text) => (await scoreText(runtime, { toxicity, sentiment }, policy, text, 'interactive')).scores;
}
