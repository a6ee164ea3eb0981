import { z } from 'zod';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { baseLanguage } from '../language.js';
import { modelRef } from '../sentiment/index.js';
import type { Skill } from '../skill.js';
import { flagLanguage } from './flags.js';
import { type Translation, translateText } from './translate-text.js';

export const MAX_TEXT_CHARS = 20_000;

/** "de", "pt-BR", "EN_gb" → the language (ISO 639-1/-3) the model's tokens are named by. */
const language = z
  .string()
  .trim()
  .transform(baseLanguage)
  .pipe(z.string().regex(/^[a-z]{2,3}$/, 'a language is a code such as de, fr or ja'));

const input = z.object({
  text: z
    .string({ error: 'text must be a string' })
    .min(1, 'text is empty')
    .max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`)
    .refine((t) => t.trim().length > 0, 'text is empty'),
  /** Default: the caller's language (their Discord or Slack locale), else English. */
  to: language.optional(),
  /** Default: told from the text. */
  from: language.optional(),
});
type Input = z.infer<typeof input>;

const output = z.object({
  text: z.string(),
  from: z.string().describe('The source language: as given, or as told from the text'),
  to: z.string(),
  model: modelRef,
});

/**
 * `translate`: a text (a command's, a message's, the API's) in another language, markup, mentions, emoji, code and
 * links kept as they were. The "Translate" message action writes it in the caller's own language.
 */
export function createTranslateSkill(runtime: Runtime, spec: ModelSpec): Skill<Input, Translation> {
  return {
    name: 'translate',
    description: 'Translate a text into another language (markup, mentions, emoji, code and links kept)',
    models: [spec],
    input,
    output,
    reach: [
      {
        kind: 'command',
        options: [
          { name: 'text', description: 'The text to translate', type: 'string', required: true },
          { name: 'to', description: 'Into this language: a code such as de, fr, ja (default: yours)', type: 'string' },
          { name: 'from', description: 'From this language (default: told from the text)', type: 'string' },
        ],
      },
      { kind: 'message-action', label: 'Translate', input: (message) => ({ text: message.text }) },
      // 🇫🇷 on a message: its French translation, in a thread on it.
      {
        kind: 'reaction',
        wants: (emoji) => flagLanguage(emoji) !== undefined,
        input: (emoji, message) => ({ text: message.text, to: flagLanguage(emoji) }),
      },
    ],
    run: ({ text, to, from }, ctx) =>
      translateText(runtime, spec, text, {
        from,
        to: to ?? (ctx.locale ? baseLanguage(ctx.locale) : 'en'),
        signal: ctx.signal,
        priority: ctx.background ? 'background' : 'interactive',
      }),
    render: ({ text, from, to, model }) => ({
      text: `${text}\n-# Machine translation ${from} → ${to} · ${model.repo} @ ${model.revision.slice(0, 12)}`,
    }),
    echoes: (o) => o.text,
  };
}
