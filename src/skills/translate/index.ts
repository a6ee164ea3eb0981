import { z } from 'zod';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { baseLanguage } from '../language.js';
import { refusals } from '../refusal.js';
import { modelRef } from '../sentiment/index.js';
import type { Caller, Skill } from '../skill.js';
import { AUTO_TRANSLATE_CHOICES, type AutoTranslate, type AutoTranslateControl, autoTarget } from './auto.js';
import { flagLanguage } from './flags.js';
import { type Translation, translateText } from './translate-text.js';

export const MAX_TEXT_CHARS = 20_000;

/** The answer to a moderator's /translate auto:… */
export interface AutoSetting {
  kind: 'setting';
  auto: AutoTranslate;
}

/** "de", "pt-BR", "EN_gb" → the language (ISO 639-1/-3) the model's tokens are named by. */
const language = z
  .string()
  .trim()
  .transform(baseLanguage)
  .pipe(z.string().regex(/^[a-z]{2,3}$/, 'skill.translate.languageCode'));

const input = z.object({
  text: z
    .string({ error: 'skill.translate.textNotString' })
    .max(MAX_TEXT_CHARS, 'skill.translate.textTooLong')
    .optional(),
  /** Default: the caller's language (their Discord or Slack locale), else English. */
  to: language.optional(),
  /** Default: told from the text. */
  from: language.optional(),
  /** Moderators: translate this channel's messages into a language unasked ('off': the default). */
  auto: z.enum(AUTO_TRANSLATE_CHOICES).optional(),
});
type Input = z.infer<typeof input>;

const refuse = refusals('translate');

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
export function createTranslateSkill(
  runtime: Runtime,
  spec: ModelSpec,
  auto?: AutoTranslateControl,
): Skill<Input, Translation | AutoSetting> {
  return {
    name: 'translate',
    description: 'Translate a text into another language (markup, mentions, emoji, code and links kept)',
    models: [spec],
    input,
    output,
    // Flag reactions are answered in a thread on the message; auto-translation reads what members post.
    needs: ['threads', ...(auto ? (['message-content'] as const) : [])],
    reach: [
      {
        kind: 'command',
        options: [
          { name: 'text', description: 'The text to translate', type: 'string', required: true },
          { name: 'to', description: 'Into this language: a code such as de, fr, ja (default: yours)', type: 'string' },
          { name: 'from', description: 'From this language (default: told from the text)', type: 'string' },
          ...(auto
            ? [
                {
                  name: 'auto',
                  description: "Moderators: translate this channel's messages into a language (or off)",
                  type: 'string' as const,
                  choices: AUTO_TRANSLATE_CHOICES,
                },
              ]
            : []),
        ],
      },
      { kind: 'message-action', label: 'Translate', input: (message) => ({ text: message.text }) },
      // 🇫🇷 on a message: its French translation, in a thread on it.
      {
        kind: 'reaction',
        wants: (emoji) => flagLanguage(emoji) !== undefined,
        // One translation per language: 🇬🇧 after 🇺🇸 asks for nothing new.
        key: (emoji) => flagLanguage(emoji) ?? emoji,
        input: (emoji, message) => ({ text: message.text, to: flagLanguage(emoji) }),
      },
      // Where moderators turned it on, messages not in the channel's language, answered with a translation.
      ...(auto
        ? [
            {
              kind: 'channel-message' as const,
              wants: (where: Caller, text: string) => autoTarget(auto, where, text),
              input: (text: string, to: unknown) => ({ text, to }),
            },
          ]
        : []),
    ],
    async run({ text, to, from, auto: setting }, ctx) {
      if (setting && auto) {
        if (!ctx.isModerator) throw refuse('forbidden', 'autoModeratorsOnly');
        await auto.set(ctx.tenantId, ctx.channelId, setting);
        return { kind: 'setting', auto: setting };
      }
      if (!text?.trim()) throw refuse('bad_request', 'emptyText');
      return translateText(runtime, spec, text, {
        from,
        to: to ?? (ctx.locale ? baseLanguage(ctx.locale) : 'en'),
        signal: ctx.signal,
        priority: ctx.background ? 'background' : 'interactive',
      });
    },
    render(out) {
      if ('kind' in out) {
        return {
          text:
            out.auto === 'off'
              ? '✅ Automatic translation is off here.'
              : `✅ Messages here not in \`${out.auto}\` are translated into it.`,
        };
      }
      const { text, from, to, model } = out;
      return {
        text: `${text}\n-# Machine translation ${from} → ${to} · ${model.repo} @ ${model.revision.slice(0, 12)}`,
      };
    },
    echoes: (o) => ('kind' in o ? undefined : o.text),
  };
}
