import { z } from 'zod';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { Skill } from '../skill.js';
import { textWindows } from '../text-windows.js';
import { averageScores, type SentimentScores, topLabel, toSentiment } from './scores.js';

/** Chat messages and API texts alike; longer texts are scored window by window. */
export const MAX_TEXT_CHARS = 20_000;
export const textInput = z.object({
  text: z
    .string({ error: 'skill.sentiment.textNotString' })
    .trim()
    .min(1, 'skill.sentiment.textEmpty')
    .max(MAX_TEXT_CHARS, 'skill.sentiment.textTooLong'),
});

/** The model a result came from, pinned. */
export const modelRef = z.object({ repo: z.string(), revision: z.string().describe('The commit') });

const probability = z.number().min(0).max(1);
export const sentimentOutput = z.object({
  label: z.enum(['negative', 'neutral', 'positive']),
  scores: z.object({ negative: probability, neutral: probability, positive: probability }).describe('They sum to 1'),
  model: modelRef,
});
export type SentimentOutput = z.infer<typeof sentimentOutput> & { scores: SentimentScores };

/** Runs the sentiment model over a text of any length (windows averaged by length). */
export async function scoreSentiment(
  runtime: Runtime,
  spec: ModelSpec,
  text: string,
  options: { priority?: 'interactive' | 'background'; signal?: AbortSignal } = {},
): Promise<SentimentOutput> {
  const model = { ...spec, task: 'text-classification' as const };
  const parts = await Promise.all(
    textWindows(text).map(async (w) => ({
      scores: toSentiment(await runtime.run(model, { text: w.text }, options)),
      weight: w.text.length,
    })),
  );
  const scores = averageScores(parts);
  return { label: topLabel(scores), scores, model: { repo: spec.repo, revision: runtime.revisionOf(spec) } };
}

const NAMES = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' } as const;

function bar(score: number): string {
  const filled = Math.round(score * 10);
  return `${'█'.repeat(filled)}${'░'.repeat(10 - filled)}`;
}

/** `sentiment`: how a text feels, as probabilities of negative, neutral and positive (the seed's shape). */
export function createSentimentSkill(runtime: Runtime, spec: ModelSpec): Skill<{ text: string }, SentimentOutput> {
  return {
    name: 'sentiment',
    description: 'How a text feels: negative, neutral or positive, with probabilities',
    descriptionLocalizations: {
      de: 'Stimmung eines Textes: negativ, neutral oder positiv',
      fr: "Tonalité d'un texte : négative, neutre ou positive",
      'es-ES': 'Sentimiento de un texto: negativo, neutral o positivo',
    },
    models: [spec],
    input: textInput,
    output: sentimentOutput,
    reach: [
      {
        kind: 'command',
        options: [{ name: 'text', description: 'The text to score', type: 'string', required: true }],
      },
      { kind: 'message-action', label: 'Sentiment', input: (message) => ({ text: message.text }) },
    ],
    run: ({ text }, ctx) => scoreSentiment(runtime, spec, text, { signal: ctx.signal }),
    render({ label, scores, model }) {
      const lines = (Object.keys(NAMES) as (keyof SentimentScores)[]).map(
        (key) => `\`${bar(scores[key])}\` ${NAMES[key]}: ${scores[key].toFixed(3)}`,
      );
      return {
        text: [`**${NAMES[label]}**`, ...lines, `-# ${model.repo} @ ${model.revision.slice(0, 12)}`].join('\n'),
      };
    },
  };
}
