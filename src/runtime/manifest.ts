import { IMAGE_MODELS } from './manifest-image.js';
import { SPEECH_MODELS } from './manifest-speech.js';
import { TEXT_MODELS } from './manifest-text.js';
import type { ModelSpec } from './models.js';
import { type PrecisionSettings, withPrecision } from './precision.js';

/**
 * The default models, one entry per role. Skills pick theirs from here by id; operators can replace any of
 * them in configuration. Every entry's licence and limitations are shown to users by the `models` skill. The
 * entries live by domain in manifest-text.ts, manifest-speech.ts and manifest-image.ts.
 */
export const DEFAULT_MODELS = { ...TEXT_MODELS, ...SPEECH_MODELS, ...IMAGE_MODELS } as const satisfies Record<
  string,
  ModelSpec
>;

export type DefaultModelId = keyof typeof DEFAULT_MODELS;

export function allDefaultModels(): ModelSpec[] {
  return Object.values(DEFAULT_MODELS);
}

export const MODEL_IDS = Object.keys(DEFAULT_MODELS) as DefaultModelId[];

/** The environment variable naming a model role: MODEL_TOXICITY_MULTILINGUAL for `toxicity-multilingual`. */
export function modelEnvKey(id: string, suffix = ''): string {
  return `MODEL_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}${suffix}`;
}

export type ModelOverrides = Partial<Record<DefaultModelId, { repo: string; revision: string }>>;

/**
 * The manifest with the operator's replacements (MODEL_<ID>=owner/name@<40-hex commit>). A replacement keeps the
 * role's task and file layout; its licence and limitations are the operator's to check, and users are told so.
 */
export function configuredModels(
  overrides: ModelOverrides = {},
  precision?: PrecisionSettings,
): Record<DefaultModelId, ModelSpec> {
  const result = { ...DEFAULT_MODELS } as Record<DefaultModelId, ModelSpec>;
  for (const [id, override] of Object.entries(overrides) as [DefaultModelId, { repo: string; revision: string }][]) {
    result[id] = {
      ...DEFAULT_MODELS[id],
      repo: override.repo,
      revision: override.revision,
      license: "not reviewed (chosen by this server's operator): see the model card",
      cardUrl: `https://huggingface.co/${override.repo}`,
      intendedUse: `Chosen by this server's operator for ${id}: see the model card.`,
      limitations: 'Not reviewed by this project: see the model card.',
      bundled: undefined, // the operator's model comes from the Hub, not from the npm package
    };
  }
  // The manifest lists fp32 graphs; the configured precision picks the int8 ones where the export has them.
  if (precision) for (const id of MODEL_IDS) result[id] = withPrecision(result[id], precision);
  return result;
}

/** Models with int8 graphs in their export: the ids MODEL_<ID>_PRECISION exists for. */
export const INT8_MODEL_IDS = MODEL_IDS.filter((id) => 'int8Files' in DEFAULT_MODELS[id]);
