import type { LabelScore } from '../../runtime/tasks.js';

export interface SentimentScores {
  negative: number;
  neutral: number;
  positive: number;
}

/**
 * A classifier's labels as negative / neutral / positive. Three-class models (XLM-R sentiment and the like) map
 * by name; star-rating models (the multilingual default rates 1–5 stars) map 1–2 stars to negative, 3 to neutral
 * and 4–5 to positive, summing their probabilities.
 */
export function toSentiment(labels: readonly LabelScore[]): SentimentScores {
  const scores: SentimentScores = { negative: 0, neutral: 0, positive: 0 };
  for (const { label, score } of labels) {
    const name = label.toLowerCase();
    const stars = /^(\d)\s*stars?$/.exec(name)?.[1];
    if (stars) scores[Number(stars) <= 2 ? 'negative' : Number(stars) === 3 ? 'neutral' : 'positive'] += score;
    else if (name.startsWith('neg') || name === 'label_0') scores.negative += score;
    else if (name.startsWith('neu') || name === 'label_1') scores.neutral += score;
    else if (name.startsWith('pos') || name === 'label_2') scores.positive += score;
  }
  return scores;
}

/** Windows of a long text, each weighted by its length. */
export function averageScores(parts: { scores: SentimentScores; weight: number }[]): SentimentScores {
  const total = parts.reduce((sum, p) => sum + p.weight, 0) || 1;
  const mean = (key: keyof SentimentScores) => parts.reduce((sum, p) => sum + p.scores[key] * p.weight, 0) / total;
  return { negative: mean('negative'), neutral: mean('neutral'), positive: mean('positive') };
}

export function topLabel(scores: SentimentScores): keyof SentimentScores {
  const entries = Object.entries(scores) as [keyof SentimentScores, number][];
  return entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}
