import type { TunedHead, TunedMetrics, TunedMode } from './head.js';

/** The tuned head's model card in /models: what it is, what it learned from, how it did, what it may do. */
export interface TunedCard {
  name: string;
  /** The frozen encoder whose sentence embeddings the head reads. */
  encoder: { repo: string; revision: string };
  method: string;
  trainedAt: string;
  /** How many decided cases it learned from, and of which kind (the data size). */
  metrics: TunedMetrics;
  mode: TunedMode;
  intendedUse: string;
  limitations: string;
  /** Where the data and the weights are. */
  data: string;
}

export function tunedCard(head: TunedHead): TunedCard {
  return {
    name: "This server's tuned moderation head",
    encoder: head.encoder,
    method: `L2-regularised logistic regression (λ ${head.lambda}) on mean-pooled sentence embeddings`,
    trainedAt: head.trainedAt,
    metrics: head.metrics,
    mode: head.mode,
    intendedUse:
      "Flagging messages like those this server's moderators acted on (removals upheld, the bot's actions left " +
      'standing, manual removals), and not like those they reversed (appeals approved, cases dismissed), for a ' +
      'moderator to review. Acts only after a moderator enables it; starts in shadow mode.',
    limitations:
      'It learns only what the mod-log shows, including its mistakes and biases; with few examples its ' +
      'cross-validated precision and recall are rough estimates, measured on past cases, not on future messages. ' +
      'It reads meaning through an English embedding model; other languages and new kinds of abuse are not ' +
      'covered. It flags, never removes.',
    data: 'Trained on this server from its own mod-log; the cases and the weights never leave the server.',
  };
}

export function renderTunedCard(card: TunedCard): string {
  const m = card.metrics;
  return (
    `• **${card.name}** — ${card.method} over ${card.encoder.repo} @ \`${card.encoder.revision.slice(0, 12)}\`; ` +
    `mode: ${card.mode}\n` +
    `  Trained ${card.trainedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.examples} examples ` +
    `(${m.positives} acted on, ${m.negatives} not) · ${m.folds}-fold cross-validated precision ` +
    `${m.precision.toFixed(2)}, recall ${m.recall.toFixed(2)}\n` +
    `  ${card.data}\n  Intended use: ${card.intendedUse}\n  Limitations: ${card.limitations}`
  );
}
