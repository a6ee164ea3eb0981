import { t } from '../../i18n/index.js';
import type { ImageOutput } from '../../runtime/tasks.js';
import { noticesIn } from '../refusal.js';
import type { SkillButton, SkillReply } from '../skill.js';
import type { SafetyVerdict } from './safety.js';

export type ImagineOutput = ImageOutput & {
  prompt: string;
  model: { repo: string; revision: string };
  license: string;
  /** The separate decoder that drew the pixels (TAESD); absent when the image model's own VAE did. */
  decoder?: { repo: string; revision: string; license: string };
  /** The safety classifier's verdict, when one is configured. */
  safety?: SafetyVerdict;
  /** Flagged, and the channel's policy is to post it behind a spoiler. */
  hidden?: boolean;
  /** Identifies the request for the reroll, info and delete buttons. */
  ref?: string;
};

export type ImagineReply = ImagineOutput | { kind: 'info' | 'cancelled' | 'deleted' | 'setting'; text: string };

/** An image as a file with its prompt as alt text, the settings to reproduce it, and the buttons. */
export function renderImagine(out: ImagineReply, locale?: string): SkillReply {
  if ('kind' in out) return { text: out.text, ephemeral: out.kind !== 'cancelled' };
  const flagged =
    out.hidden && out.safety ? t(locale, 'skill.imagine.flaggedNote', { note: flagNote(out.safety) }) : '';
  const size = `${out.width}×${out.height}`;
  const caption = t(locale, 'skill.imagine.caption', {
    prompt: out.prompt,
    seed: String(out.seed),
    size,
    steps: out.steps,
  });
  return {
    text: flagged ? `${flagged}\n${caption}` : caption,
    files: [
      {
        name: `imagine-${out.seed}.png`,
        contentType: 'image/png',
        data: out.png,
        description: out.prompt.slice(0, 1000),
        ...(out.hidden ? { spoiler: true } : {}),
      },
    ],
    ...(out.ref ? { buttons: buttonsFor(out.ref, locale) } : {}),
  };
}

function buttonsFor(ref: string, locale: string | undefined): SkillButton[] {
  return [
    { actionId: 'imagine:reroll', label: t(locale, 'skill.imagine.reroll'), value: ref, style: 'primary' },
    { actionId: 'imagine:info', label: t(locale, 'skill.imagine.infoButton'), value: ref, style: 'secondary' },
    { actionId: 'imagine:delete', label: t(locale, 'skill.imagine.deleteButton'), value: ref, style: 'danger' },
  ];
}

function flagNote(verdict: SafetyVerdict): string {
  return `${verdict.label} ${verdict.score.toFixed(2)}`;
}

/** What outbound webhooks hear of an image: how to make it again, not its bytes. */
export function imageEvent(out: ImagineOutput): Record<string, unknown> {
  const { prompt, seed, width, height, steps, model, license, safety, hidden } = out;
  return { prompt, seed, width, height, steps, model, license, ...(safety ? { safety, hidden: hidden ?? false } : {}) };
}

/** What an image's Info button tells: how it was made. Stored with the image; worded when someone asks. */
export type ImageFacts = Pick<
  ImagineOutput,
  'prompt' | 'seed' | 'width' | 'height' | 'steps' | 'model' | 'license' | 'decoder' | 'safety'
>;

/** The facts as the image record keeps them (JSON), so the Info text can be worded in the asker's language. */
export function storedFacts(out: ImagineOutput): string {
  const { prompt, seed, width, height, steps, model, license, decoder, safety } = out;
  return JSON.stringify({ prompt, seed, width, height, steps, model, license, decoder, safety } satisfies ImageFacts);
}

/** The Info text of a record, in `locale`; a record kept before facts were stored holds its English text. */
export function infoText(stored: string, locale: string | undefined): string {
  let facts: ImageFacts;
  try {
    facts = JSON.parse(stored) as ImageFacts;
    if (typeof facts?.prompt !== 'string') return stored;
  } catch {
    return stored;
  }
  const say = noticesIn('imagine', locale);
  const { model, decoder, safety } = facts;
  return [
    say('infoPrompt', { prompt: facts.prompt }),
    say('infoSettings', {
      seed: String(facts.seed),
      size: `${facts.width}×${facts.height}`,
      steps: facts.steps,
    }),
    say('infoModel', { model: `${model.repo}@${model.revision.slice(0, 12)}`, license: facts.license }),
    decoder
      ? say('infoDecoder', {
          decoder: `${decoder.repo}@${decoder.revision.slice(0, 12)}`,
          license: decoder.license,
        })
      : say('infoOwnDecoder'),
    ...(safety
      ? [
          safety.flagged
            ? say('infoSafetyFlagged', { model: safety.model, note: flagNote(safety) })
            : say('infoSafetyPassed', { model: safety.model }),
        ]
      : []),
  ].join('\n');
}
