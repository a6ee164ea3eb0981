import { z } from 'zod';
import { t } from '../../i18n/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { modelRef, textInput } from '../sentiment/index.js';
import type { Skill } from '../skill.js';
import { zeroShot } from './score.js';

/** Enough for routing a message among teams or topics; each label is one NLI run per text window. */
export const MAX_LABELS = 20;
export const MAX_LABEL_CHARS = 100;

const label = z
  .string({ error: 'skill.classify.labelNotString' })
  .trim()
  .min(1, 'skill.classify.labelEmpty')
  .max(MAX_LABEL_CHARS, 'skill.classify.labelTooLong');

/** An array (API), or comma-separated words (a slash command's one text option). */
const labels = z.union([z.array(label), z.string().transform((s) => s.split(',').map((l) => l.trim()))]).pipe(
  z
    .array(label)
    .min(1, 'skill.classify.noLabels')
    .max(MAX_LABELS, 'skill.classify.tooManyLabels')
    .refine((list) => new Set(list.map((l) => l.toLowerCase())).size === list.length, 'skill.classify.sameLabels'),
);

const input = textInput.extend({
  labels,
  /** Independent scores (each in [0, 1]) instead of one distribution over the labels. */
  multi_label: z.boolean().default(false),
});
type Input = z.infer<typeof input>;

const probability = z.number().min(0).max(1);
export const classifyOutput = z.object({
  scores: z.array(z.object({ label: z.string(), score: probability })).describe('Every label, highest score first'),
  multi_label: z.boolean().describe('Scores are independent (true) or sum to 1 over the labels (false)'),
  model: modelRef,
});
export type ClassifyOutput = z.infer<typeof classifyOutput>;

/**
 * `classify`: zero-shot classification of a text against labels the caller chooses (routing a message to a team,
 * tagging a topic), with the NLI model: a distribution over the labels, or with `multi_label` an independent score
 * per label.
 */
export function createClassifySkill(runtime: Runtime, spec: ModelSpec): Skill<Input, ClassifyOutput> {
  return {
    name: 'classify',
    description: 'Score a text against labels you choose (zero-shot)',
    models: [spec],
    input,
    output: classifyOutput,
    reach: [
      {
        kind: 'command',
        options: [
          { name: 'text', description: 'The text to classify', type: 'string', required: true },
          { name: 'labels', description: 'Labels, separated by commas', type: 'string', required: true },
          { name: 'multi_label', description: 'Score each label on its own', type: 'boolean' },
        ],
      },
    ],
    async run({ text, labels, multi_label }, ctx) {
      const scores = await zeroShot(runtime, spec, text, labels, { multiLabel: multi_label, signal: ctx.signal });
      return {
        scores: labels.map((l, i) => ({ label: l, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score),
        multi_label,
        model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
      };
    },
    render({ scores, multi_label, model }, locale) {
      // Labels are the caller's words: shown in code spans (no markdown), never as pings (replies name no ids).
      const lines = scores.map((s) => `\`${s.score.toFixed(3)}\` ${codeSpan(s.label)}`);
      return {
        text: [
          t(locale, 'skill.classify.header', { multi: multi_label ? 'yes' : 'no' }),
          ...lines,
          `-# ${model.repo} @ ${model.revision.slice(0, 12)}`,
        ].join('\n'),
      };
    },
  };
}

/** A label as a code span: backticks inside cannot close it early. */
function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ')}\``;
}
