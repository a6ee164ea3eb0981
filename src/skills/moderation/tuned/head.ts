import { z } from 'zod';

/** What a server's tuned head does: nothing (trained only), mark cases it would have flagged, or flag. */
export const TUNED_MODES = ['off', 'shadow', 'live'] as const;
export type TunedMode = (typeof TUNED_MODES)[number];

/** How the head did under k-fold cross-validation on the examples it was trained on. */
export const tunedMetricsSchema = z.object({
  folds: z.number().int(),
  precision: z.number(),
  recall: z.number(),
  examples: z.number().int(),
  positives: z.number().int(),
  negatives: z.number().int(),
});
export type TunedMetrics = z.infer<typeof tunedMetricsSchema>;

/**
 * A server's classifier head, kept as a setting (`moderation.tuned`): logistic-regression weights over the
 * embedding model's sentence vectors, how it was trained and how it did, and whether moderators let it act.
 */
export const tunedHeadSchema = z.object({
  mode: z.enum(TUNED_MODES).default('off'),
  /** Probability at or over which the head flags a message. */
  threshold: z.number().min(0).max(1).default(0.5),
  weights: z.array(z.number()),
  bias: z.number(),
  /** The frozen encoder the weights belong to: a head is only used with the same model and commit. */
  encoder: z.object({ repo: z.string(), revision: z.string() }),
  lambda: z.number(),
  metrics: tunedMetricsSchema,
  trainedAt: z.string(),
  /** Who asked for the training ('schedule' for the timer). */
  trainedBy: z.string(),
});
export type TunedHead = z.infer<typeof tunedHeadSchema>;

/** The reason label the head's flags carry in cases and verdicts. */
export const TUNED_LABEL = 'tuned';
/** What a shadow-mode case says instead of an action. */
export const WOULD_HAVE_FLAGGED = 'would have flagged';
