import type { NewCase } from '../../src/skills/moderation/store.js';
import type { TunedHead } from '../../src/skills/moderation/tuned/head.js';

/** A removal the bot made (toxic-bert over its threshold, deleted and reported), with `extra` over it. */
export function removalCase(source: string, extra: Partial<NewCase> = {}): NewCase {
  return {
    tenantId: 'g1',
    source,
    platform: 'discord',
    channelId: 'general',
    userId: 'u1',
    text: `message ${source}`,
    verdict: 'remove',
    reasons: [{ label: 'toxic', score: 0.99, threshold: 0.97, level: 'remove' }],
    scores: { toxic: 0.99 },
    models: [],
    actions: ['delete', 'report'],
    dryRun: false,
    points: 1,
    ...extra,
  };
}

/** A tuned head as a server would keep it (two weights: no model reads it). */
export const SAMPLE_HEAD: TunedHead = {
  mode: 'shadow',
  threshold: 0.5,
  weights: [0.25, -1.5],
  bias: 0.1,
  encoder: { repo: 'Xenova/all-MiniLM-L6-v2', revision: 'c0ffee' },
  lambda: 0.01,
  metrics: { folds: 5, precision: 0.9, recall: 0.8, examples: 40, positives: 20, negatives: 20 },
  trainedAt: '2026-01-01T12:00:00.000Z',
  trainedBy: 'mod1',
};
