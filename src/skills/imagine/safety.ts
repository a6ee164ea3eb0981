import type { ModelSpec } from '../../runtime/models.js';
import type { LabelScore } from '../../runtime/tasks.js';

/**
 * What happens to a generated image the safety classifier flags, per channel (else per server): 'refuse' (the
 * default) posts no image and says why; 'spoiler' posts it hidden behind a spoiler (where the platform cannot hide
 * it, it is withheld); 'allow' posts it as it is, in age-restricted channels only (elsewhere it acts as 'spoiler').
 */
export const FLAGGED_POLICIES = ['refuse', 'spoiler', 'allow'] as const;
export type FlaggedPolicy = (typeof FLAGGED_POLICIES)[number];

/** Where the skill reads and changes the policy (core's setting `imagine.flagged`). */
export interface FlaggedPolicyControl {
  get(tenantId: string, channelId: string): Promise<FlaggedPolicy>;
  /** `scope`: a channel id, or '' for the whole server. */
  set(tenantId: string, scope: string, policy: FlaggedPolicy): Promise<void>;
}

/** The operator's image safety check: a classifier on the pool and which of its labels count as flagged. */
export interface ImageSafetyOptions {
  model: ModelSpec & { task: 'image-classification' };
  /** Labels (any case) whose scores add up to the flagged score: e.g. nsfw, porn, hentai, sexy. */
  labels: readonly string[];
  /** Flagged at or above this total score (0–1). */
  threshold: number;
  policy: FlaggedPolicyControl;
}

/** The labels flagged when the operator names none: those of the common NSFW image classifiers on the Hub. */
export const DEFAULT_FLAGGED_LABELS = ['nsfw', 'porn', 'hentai', 'sexy', 'unsafe'] as const;

export interface SafetyVerdict {
  flagged: boolean;
  /** The flagged labels' total score, and the highest of them (for the message). */
  score: number;
  label: string;
  model: string;
}

/**
 * Reads a classifier's scores: the flagged labels' scores add up (a softmax over drawings/hentai/neutral/porn/sexy
 * spreads one judgement over several labels), capped at 1 for multi-label models.
 */
export function verdictOf(
  scores: readonly LabelScore[],
  options: Pick<ImageSafetyOptions, 'labels' | 'threshold'>,
  model: string,
): SafetyVerdict {
  const wanted = new Set(options.labels.map((l) => l.toLowerCase()));
  const hits = scores.filter((s) => wanted.has(s.label.toLowerCase()));
  const score = Math.min(
    1,
    hits.reduce((sum, s) => sum + s.score, 0),
  );
  const top = hits.reduce<LabelScore | undefined>((best, s) => (best && best.score >= s.score ? best : s), undefined);
  return { flagged: score >= options.threshold, score, label: top?.label ?? 'none', model };
}

/** 'allow' holds only where the platform marks the channel age-restricted. */
export function effectivePolicy(policy: FlaggedPolicy, ageRestricted: boolean): FlaggedPolicy {
  return policy === 'allow' && !ageRestricted ? 'spoiler' : policy;
}
