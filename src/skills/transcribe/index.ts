import { z } from 'zod';
import type { AudioDecoder } from '../../parse/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { isAudioFile } from '../audio-file.js';
import { staleButton } from '../refusal.js';
import type { CommandOption, IncomingFile, Skill, SkillContext, TargetMessage } from '../skill.js';
import { summarize } from '../summarize/index.js';
import { AUTO_TRANSCRIBE_MODES, type AutoTranscribeControl } from './auto.js';
import type { TranscriptCache, TranscriptKey } from './cache.js';
import { clock } from './formats.js';
import { checkAnnounced, refuse, type TranscribeLimits, undecodable } from './refusals.js';
import { renderTranscribe, type TranscribeOutput } from './render.js';
import { type Transcript, transcribeAudio } from './transcribe-audio.js';
import { translatedTranscript, translationTarget } from './translated.js';

export type { TranscribeLimits } from './refusals.js';

export interface TranscribeModels {
  whisper: ModelSpec;
  vad: ModelSpec;
  /** Offers a "Summarize" button under transcripts when present. */
  summarizer?: ModelSpec | undefined;
  /** Translates transcripts into languages other than English (translate:fr) when present. */
  translator?: ModelSpec | undefined;
}

const file = z.custom<IncomingFile>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string',
  'skill.transcribe.attachAudio',
);

const input = z.object({
  /** A voice note or audio attachment (automatic detection, the "Transcribe" message action). */
  attachment: file.optional(),
  /** /transcribe file:…, or the API's multipart `file`. */
  file: file.optional(),
  /** A language code such as en, de, ja; detected when absent ("auto"). */
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$|^auto$/, 'skill.transcribe.languageCode')
    .optional()
    .transform((v) => (v === 'auto' ? undefined : v)),
  /** Into English (true, "en": Whisper's own translation), or into another language (a code: Whisper, then the translator). */
  translate: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform(translationTarget)
    .refine((v) => v === undefined || /^[a-z]{2,3}$/.test(v), 'skill.transcribe.translateCode'),
  /** Moderators: what this channel transcribes without being asked. */
  auto: z.enum(AUTO_TRANSCRIBE_MODES).optional(),
});
type Input = z.infer<typeof input>;

const OPTIONS: CommandOption[] = [
  {
    name: 'file',
    description: 'The audio: a voice note, MP3, M4A, WAV, FLAC, Ogg or WebM',
    type: 'attachment',
    required: true,
  },
  { name: 'language', description: 'Its language as a code (en, de, ja…); detected when left out', type: 'string' },
  {
    name: 'translate',
    description: "Translate into this language (a code: fr, de, ja…; en uses Whisper's own translation)",
    type: 'string',
  },
  {
    name: 'auto',
    description: 'Moderators: transcribe automatically here (voice messages, all audio, or off)',
    type: 'string',
    choices: AUTO_TRANSCRIBE_MODES,
  },
];

/** The audio a message action was pointed at: the message's first voice note or audio file. */
export function audioAttachment(target: TargetMessage): IncomingFile | undefined {
  return target.attachments.find(isAudioFile);
}

/**
 * `transcribe`: a voice note or audio file → text with timestamps (Whisper on the pool, after Silero VAD), by
 * automatic detection of voice messages, /transcribe, the "Transcribe" message action, or the API. The file is
 * saved to a temp file that is always removed; the transcript is cached by the audio's hash.
 */
export function createTranscribeSkill(
  runtime: Runtime,
  models: TranscribeModels,
  cache: TranscriptCache,
  auto: AutoTranscribeControl,
  limits: TranscribeLimits,
  decodeAudio: AudioDecoder,
): Skill<Input, TranscribeOutput> {
  const whisper = { ...models.whisper, task: 'automatic-speech-recognition' as const };
  const vad = { ...models.vad, task: 'voice-activity-detection' as const };
  return {
    name: 'transcribe',
    description: 'Transcribe a voice note or audio file (or translate it into English)',
    models: [models.whisper, models.vad],
    input,
    slow: true,
    // Voice notes posted without a command are attachments of ordinary messages.
    needs: ['message-content', 'files'],
    reach: [
      { kind: 'command', options: OPTIONS },
      {
        kind: 'message-action',
        label: 'Transcribe',
        // Without audio the input is empty, and run says what is missing.
        input: (target) => ({ attachment: audioAttachment(target) }),
      },
      // Posted voice notes, where the channel's `transcribe.auto` wants them (voice messages by default).
      {
        kind: 'voice-note',
        wants: (where, note) => auto.wants(where.tenantId, where.channelId, note.upload),
        input: (note) => ({ attachment: note.attachment }),
      },
    ],
    async run(options, ctx) {
      if (options.auto) {
        if (!ctx.isModerator) throw refuse('forbidden', 'autoModeratorsOnly');
        await auto.set(ctx.tenantId, ctx.channelId, options.auto);
        return { kind: 'setting', auto: options.auto };
      }
      const source = options.file ?? options.attachment;
      if (!source) throw refuse('bad_request', 'noAudio');
      checkAnnounced(source, limits);
      if (!source.saveTemp) throw refuse('bad_request', 'cannotFetch', { name: source.name });
      const task: 'transcribe' | 'translate' = options.translate === 'en' ? 'translate' : 'transcribe';
      const into = options.translate && options.translate !== 'en' ? options.translate : undefined;
      if (into && !models.translator) throw refuse('bad_request', 'noTranslator');
      const chained = async <T extends Transcript>(transcript: T) =>
        into && models.translator
          ? translatedTranscript(runtime, models.translator, transcript, into, ctx.signal)
          : transcript;
      const temp = await source.saveTemp(limits.maxBytes);
      try {
        const key: TranscriptKey = {
          tenantId: ctx.tenantId,
          sha256: temp.sha256,
          model: `${whisper.repo}@${await runtime.commitOf(whisper)}`,
          task,
          language: options.language ?? 'auto',
        };
        const base = { kind: 'transcript' as const, name: source.name, task, summarizable: !!models.summarizer };
        const hit = await cache.get(key);
        if (hit) return chained({ ...base, ...hit.transcript, id: hit.id, cached: true });
        // Off the event loop (the parse pool): the worker reads the file itself, under its time and memory limits.
        const audio = await decodeAudio(
          { path: temp.path },
          { maxDurationSec: limits.maxSeconds, signal: ctx.signal },
        ).catch((error: unknown) => {
          throw undecodable(error, source.name, limits);
        });
        const length = clock(audio.durationSec, 'short');
        const transcript = await transcribeAudio(runtime, { whisper, vad }, audio.samples, {
          language: options.language,
          task,
          signal: ctx.signal,
          onProgress: (done, total, text) => {
            const so = text ? `\n> ${text.slice(-300)}` : '';
            void ctx
              .progress({ text: `🎧 Transcribing ${source.name} (${length}): part ${done} of ${total}…${so}` })
              .catch(() => {});
          },
        });
        const id = await cache.put(key, transcript);
        return chained({ ...base, ...transcript, id, cached: false });
      } finally {
        await temp.remove();
      }
    },
    async act(action, ctx) {
      if (action.name !== 'summarize' || !models.summarizer) {
        throw staleButton();
      }
      return summarizeStored(runtime, models.summarizer, cache, action.value, ctx);
    },
    render: renderTranscribe,
    // A transcript is the speaker's words, posted by the bot: held to the channel's policy like a message.
    echoes: (out) => (out.kind === 'transcript' ? out.text : undefined),
    event(out) {
      if (out.kind !== 'transcript') return undefined;
      const { id, name, text, language, duration, segments, task, cached, translatedTo } = out;
      const data = { id, name, text, language, duration, segments, task, cached, translatedTo };
      return { type: 'transcript.ready', data };
    },
  };
}

async function summarizeStored(
  runtime: Runtime,
  spec: ModelSpec,
  cache: TranscriptCache,
  id: string,
  ctx: SkillContext,
): Promise<TranscribeOutput> {
  const stored = await cache.byId(ctx.tenantId, id);
  if (!stored) throw refuse('not_found', 'transcriptGone');
  const text = stored.transcript.segments.map((s) => s.text).join('\n');
  const result = await summarize(runtime, spec, text, 'text', ctx, { source: 'text' });
  return { kind: 'summary', summary: result.summary };
}
