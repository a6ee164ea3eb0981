import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { isAudioFile } from '../../src/skills/audio-file.js';
import type { IncomingFile, Skill } from '../../src/skills/skill.js';

/**
 * Skills for exercising the core: real Skill implementations with controllable timing and failure.
 * (Not mocks of our modules: the router treats them exactly like the built-in ones.)
 */
const textInput = z.object({ text: z.string().default('') });

export function echoSkill(log: string[] = [], delayMs = 0): Skill<{ text: string }, { text: string }> {
  return {
    name: 'echo',
    description: 'Repeats the text back',
    models: [],
    input: textInput,
    reach: [
      { kind: 'command', options: [{ name: 'text', description: 'What to repeat', type: 'string', required: true }] },
    ],
    async run({ text }) {
      log.push(`start:${text}`);
      await sleep(delayMs);
      log.push(`end:${text}`);
      return { text };
    },
    render: ({ text }) => ({ text: `echo: ${text}` }),
  };
}

export function slowSkill(ms: number, progressSteps = 0): Skill<{ text: string }, { text: string }> {
  return {
    name: 'slow',
    description: 'Takes its time',
    models: [],
    input: textInput,
    reach: [{ kind: 'command', options: [] }],
    async run({ text }, ctx) {
      for (let step = 1; step <= progressSteps; step++) {
        await sleep(ms / (progressSteps + 1));
        await ctx.progress({ text: `working… ${step}/${progressSteps}` });
      }
      await sleep(ms / (progressSteps + 1));
      return { text };
    },
    render: ({ text }) => ({ text: `done: ${text}` }),
  };
}

export function failingSkill(): Skill<Record<string, never>, never> {
  return {
    name: 'boom',
    description: 'Always fails',
    models: [],
    input: z.object({}),
    reach: [{ kind: 'command', options: [] }],
    async run() {
      throw new Error('database password is hunter2');
    },
    render: () => ({ text: 'unreachable' }),
  };
}

export const VTT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nAhoy!\n';

/** A skill whose answer carries a file, like a transcript. */
export function fileSkill(): Skill<Record<string, never>, string> {
  return {
    name: 'transcript',
    description: 'Answers with a file',
    models: [],
    input: z.object({}),
    reach: [{ kind: 'command', options: [] }],
    run: async () => VTT,
    render: (vtt) => ({
      text: 'Here is the transcript.',
      files: [{ name: 'voice.vtt', contentType: 'text/vtt', data: Buffer.from(vtt), description: 'Transcript' }],
    }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type FeedbackStep =
  | { step: 'ask'; about: string }
  | { step: 'form'; rating: string }
  | { step: 'thanks'; rating: string; comment: string };

/**
 * Exercises menus, forms and message actions: /feedback (or "Give feedback" on a message) offers a rating menu,
 * a rating opens a comment form (after `slowRatingMs` for the rating "slow", so the form arrives after a deferral),
 * and the submitted form is thanked.
 */
export function feedbackSkill(slowRatingMs = 0): Skill<{ text: string }, FeedbackStep> {
  return {
    name: 'feedback',
    description: 'Rate an answer',
    descriptionLocalizations: { de: 'Eine Antwort bewerten', fr: 'Noter une réponse' },
    models: [],
    input: textInput,
    reach: [
      { kind: 'command', options: [] },
      { kind: 'message-action', label: 'Give feedback', input: (message) => ({ text: message.text }) },
    ],
    run: async ({ text }) => ({ step: 'ask', about: text }),
    async act(action) {
      if (action.name === 'rate') {
        if (action.value === 'slow') await sleep(slowRatingMs);
        return { step: 'form', rating: action.value };
      }
      return { step: 'thanks', rating: action.value, comment: action.fields?.comment ?? '' };
    },
    render(out) {
      if (out.step === 'ask') {
        return {
          text: out.about ? `Feedback on: ${out.about}` : 'How was it?',
          menu: {
            actionId: 'feedback:rate',
            placeholder: 'Pick a rating',
            options: [
              { label: 'Good', value: 'good' },
              { label: 'Bad', value: 'bad', description: 'Tell us why' },
            ],
          },
        };
      }
      if (out.step === 'form') {
        return {
          text: 'Tell us more',
          form: {
            actionId: 'feedback:submit',
            value: out.rating,
            title: 'Your feedback',
            fields: [{ id: 'comment', label: 'Comment', style: 'paragraph' }],
          },
        };
      }
      return { text: `Thanks for the ${out.rating} rating: ${out.comment}` };
    },
  };
}

/** What the stand-in transcriber was handed: the saved file as it found it (read before it removed it). */
export interface Heard {
  name: string;
  contentType?: string | undefined;
  bytes: Buffer;
  path: string;
  size: number;
  sha256: string;
  /** The file's permission bits (0o600 expected). */
  mode: number;
}

const fileInput = z.custom<IncomingFile>((v) => typeof v === 'object' && v !== null, 'an audio file');
/** As the transcribe skill takes it: `attachment` from detection and message actions, `file` from /transcribe. */
type VoiceInput = { attachment?: IncomingFile | undefined; file?: IncomingFile | undefined };

/**
 * Stands in for transcription where the adapters are tested, used as the real skill will be: the voice note (or
 * the /transcribe attachment, or the first audio file of a message it is used on) is saved to a temp file through
 * the attachment's own saveTemp (the platform's credentials and host rules, a cap of `maxBytes`), read, and
 * always removed.
 */
export function voiceNoteSkill(heard: Heard[] = [], maxBytes = 1024 * 1024): Skill<VoiceInput, Heard> {
  return {
    name: 'transcribe',
    description: 'Fetches a voice note',
    models: [],
    input: z.object({ attachment: fileInput.optional(), file: fileInput.optional() }),
    reach: [
      { kind: 'command', options: [{ name: 'file', description: 'The audio', type: 'attachment', required: true }] },
      {
        kind: 'message-action',
        label: 'Transcribe',
        input: (target) => ({ attachment: target.attachments.find(isAudioFile) }),
      },
    ],
    async run(input) {
      const attachment = input.file ?? input.attachment;
      if (!attachment) throw new AppError('bad_request', 'there is no voice note or audio file to transcribe');
      if (!attachment.saveTemp) throw new AppError('bad_request', 'the attachment cannot be fetched');
      const file = await attachment.saveTemp(maxBytes);
      try {
        const [bytes, info] = await Promise.all([readFile(file.path), stat(file.path)]);
        const { name, contentType } = attachment;
        const { path, size, sha256 } = file;
        const entry: Heard = { name, contentType, bytes, path, size, sha256, mode: info.mode & 0o777 };
        heard.push(entry);
        return entry;
      } finally {
        await file.remove();
      }
    },
    render: (h) => ({ text: `got ${h.name} (${h.contentType}): ${h.bytes.length} bytes` }),
  };
}

/** Text made to ping: everyone, here, a role and a user on Discord, the channel and a user group on Slack. */
export const MASS_MENTION = '@everyone @here <@&1> <@2> <!channel> <!subteam^S1>';
/** Every way a skill's words reach a platform. */
export const REPLY_PATHS = ['send', 'progress', 'files', 'ephemeral', 'failure', 'report', 'dm'] as const;

/**
 * `/pings path:…` sends MASS_MENTION back through one reply path: the answer, a progress message the answer then
 * replaces (an edit), a file (its name and alt text), an ephemeral answer, a failure's reason, a post in another
 * channel (a mod-channel report) or a DM. Nothing it sends may ping anyone.
 */
export function mentionEchoSkill(): Skill<{ path: string }, { path: string }> {
  return {
    name: 'pings',
    description: 'Echoes text made to ping',
    models: [],
    input: z.object({ path: z.enum(REPLY_PATHS) }),
    reach: [
      {
        kind: 'command',
        options: [
          { name: 'path', description: 'The reply path', type: 'string', required: true, choices: REPLY_PATHS },
        ],
      },
    ],
    async run({ path }, ctx) {
      const text = `${MASS_MENTION} (${path})`;
      if (path === 'progress') await ctx.progress({ text });
      if (path === 'failure') throw new AppError('bad_request', text);
      if (path === 'report') await ctx.actions.post?.(`${ctx.channelId}-mods`, { text });
      if (path === 'dm') await ctx.actions.dm?.(ctx.userId, { text });
      return { path };
    },
    render: ({ path }) => ({
      text: `${MASS_MENTION} (${path})`,
      ephemeral: path === 'ephemeral',
      ...(path === 'files'
        ? {
            files: [
              {
                name: `${MASS_MENTION}.txt`,
                contentType: 'text/plain',
                data: Buffer.from(MASS_MENTION),
                description: MASS_MENTION,
              },
            ],
          }
        : {}),
    }),
  };
}

/** Notes the text and names a `transcript.ready` webhook event for it, as a transcription would. */
export function notingSkill(): Skill<{ text: string }, { id: string; text: string }> {
  let count = 0;
  return {
    name: 'note',
    description: 'Notes the text, and tells outbound webhooks',
    models: [],
    input: textInput,
    reach: [
      { kind: 'command', options: [{ name: 'text', description: 'What to note', type: 'string', required: true }] },
    ],
    async run({ text }) {
      count += 1;
      return { id: `note-${count}`, text };
    },
    event: (output) => ({ type: 'transcript.ready', data: output }),
    render: ({ text }) => ({ text: `noted: ${text}` }),
  };
}
