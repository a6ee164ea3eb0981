import { z } from 'zod';
import { t } from '../../i18n/index.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import { notices, refusals } from '../refusal.js';
import { type CommandOption, type HistoryMessage, MAX_HISTORY, type Skill, type SkillContext } from '../skill.js';
import { type Generate, mapReduce } from './map-reduce.js';

/** About ten windows: a long meeting transcript, a few minutes of generation on a CPU. */
export const MAX_TEXT_CHARS = 60_000;
const CHANNEL_MESSAGES = 50;
/** One message is cut here, so a pasted log cannot crowd out the rest of the conversation. */
const MESSAGE_CHARS = 2000;
const STREAM_EVERY_MS = 700;

const refuse = refusals('summarize');
const notice = notices('summarize');

const input = z.object({
  /** Default: the text when one is given, else the thread the command is in, else the channel. */
  what: z.enum(['thread', 'channel', 'text']).optional(),
  /** How many recent messages: the channel's last 50 by default, a thread's last 200 (all of most threads). */
  messages: z.number().int().min(1).max(MAX_HISTORY).optional(),
  text: z.string().trim().max(MAX_TEXT_CHARS, 'skill.summarize.textTooLong').optional(),
});
type Input = z.infer<typeof input>;

const OPTIONS: CommandOption[] = [
  { name: 'what', description: 'thread, channel or text', type: 'string', choices: ['thread', 'channel', 'text'] },
  {
    name: 'messages',
    description: `How many recent messages (default 50, at most ${MAX_HISTORY})`,
    type: 'integer',
  },
  { name: 'text', description: 'A text or transcript to summarize', type: 'string' },
];
/** A mention that says only "summarize" or "tl;dr" (and perhaps "this thread"). */
const SUMMARY_REQUEST = /^\s*(summari[sz]e|tl;?dr)\b[\s\p{P}]*(this( thread| channel)?)?[\s\p{P}]*$/iu;
type Source = 'thread' | 'channel' | 'text';

export interface SummarizeOutput {
  summary: string;
  source: Source;
  /** Thread and channel summaries: how many messages were read. */
  messages?: number | undefined;
  /** How many windows the input was read in (1: whole; more: each summarized, then the summaries). */
  windows: number;
  /** Absent when there was nothing to summarize. */
  model?: { repo: string; revision: string } | undefined;
}

/**
 * `summarize`: a thread, a channel's recent messages, or a given text (a document, a transcript) summarized by
 * the generator, streaming into the reply. Conversations come from the platform (`actions.history`), the bot's
 * own answers included and every author named; long inputs are map-reduced (map-reduce.ts).
 */
export function createSummarizeSkill(runtime: Runtime, spec: ModelSpec): Skill<Input, SummarizeOutput> {
  return {
    name: 'summarize',
    description: 'Summarize this thread, the channel’s recent messages, or a text',
    models: [spec],
    input,
    slow: true,
    needs: ['history'],
    reach: [
      { kind: 'command', options: OPTIONS },
      // Slack slash commands do not say which thread they were typed in; a message's shortcut does.
      { kind: 'message-action', label: 'Summarize thread', input: () => ({ what: 'thread' }) },
      // "@bot summarize" (or "tl;dr") asks for a summary of where it was said, not a question.
      {
        kind: 'mention',
        matches: SUMMARY_REQUEST,
        input: (_mention, where) => ({ what: where.threadId ? 'thread' : 'channel' }),
      },
    ],
    async run(options, ctx) {
      const source: Source = options.what ?? (options.text ? 'text' : ctx.threadId ? 'thread' : 'channel');
      if (source === 'text') {
        if (!options.text) throw refuse('bad_request', 'noText');
        return { ...(await summarize(runtime, spec, options.text, 'text', ctx, { source })), source };
      }
      const lines = await conversation(source, options.messages, ctx);
      if (lines.length === 0) {
        // A notice, not model output: in the caller's language.
        const summary = notice(ctx.locale, 'nothing', { where: source });
        return { summary, source, messages: 0, windows: 0 };
      }
      const transcript = lines.join('\n');
      const result = await summarize(runtime, spec, transcript, 'conversation', ctx, {
        source,
        messages: lines.length,
      });
      return { ...result, source, messages: lines.length };
    },
    render(out, locale) {
      if (out.messages === 0) return { text: out.summary };
      return { text: `${summaryHeader(out, locale)}\n${out.summary}` };
    },
  };
}

/** The latest messages as "name: text" lines, oldest first, within MAX_TEXT_CHARS (the oldest go first). */
async function conversation(source: 'thread' | 'channel', count: number | undefined, ctx: SkillContext) {
  const { history } = ctx.actions;
  if (!history) throw refuse('bad_request', 'noHistory');
  if (source === 'thread' && !ctx.threadId) throw refuse('bad_request', 'noThread');
  const limit = count ?? (source === 'thread' ? MAX_HISTORY : CHANNEL_MESSAGES);
  const where = { channelId: ctx.channelId, threadId: source === 'thread' ? ctx.threadId : undefined };
  const lines = (await history(where, limit)).flatMap((m) => {
    const text = m.text.replace(/\s+/g, ' ').trim();
    return text ? [`${authorOf(m)}: ${text.slice(0, MESSAGE_CHARS)}`] : [];
  });
  let size = 0;
  const kept: string[] = [];
  for (const line of lines.reverse()) {
    size += line.length + 1;
    if (size > MAX_TEXT_CHARS) break;
    kept.unshift(line);
  }
  return kept;
}

function authorOf(m: HistoryMessage): string {
  const name = (m.authorName ?? m.authorId).replace(/[:\n]/g, ' ').trim() || 'someone';
  return m.isBot ? `${name} (bot)` : name;
}

export function summaryHeader(out: Pick<SummarizeOutput, 'source' | 'messages' | 'windows'>, locale?: string): string {
  const count = out.messages ?? 0;
  if (out.source === 'thread') return t(locale, 'skill.summarize.headerThread', { count });
  if (out.source === 'channel') return t(locale, 'skill.summarize.headerChannel', { count });
  return t(locale, 'skill.summarize.headerText', { parts: out.windows });
}

/** The generator over `text`, map-reduced when long; steps and the final summary stream into the reply (also used for transcripts). */
export async function summarize(
  runtime: Runtime,
  spec: ModelSpec,
  text: string,
  kind: 'conversation' | 'text',
  ctx: SkillContext,
  shown: Pick<SummarizeOutput, 'source' | 'messages'>,
): Promise<Omit<SummarizeOutput, 'source'>> {
  const model = { ...spec, task: spec.task as 'text-generation' };
  const generate: Generate = async (messages, maxNewTokens, onToken) => {
    const stream = onToken !== undefined;
    const output = await runtime.run(model, { messages, maxNewTokens, stream }, { signal: ctx.signal, onToken });
    return output.text;
  };
  let streamed = '';
  let lastShown = 0;
  const show = (text: string) => void ctx.progress({ text }).catch(() => {});
  const result = await mapReduce(text, kind, generate, {
    signal: ctx.signal,
    onStep: (step) => show(step),
    onToken: (piece) => {
      streamed += piece;
      // Edits are rate-limited on every platform: a few a second at most.
      if (Date.now() - lastShown < STREAM_EVERY_MS) return;
      lastShown = Date.now();
      show(`${summaryHeader({ ...shown, windows: 1 }, ctx.locale)}\n${streamed}…`);
    },
  });
  const { summary, windows } = result;
  return { summary, windows, model: { repo: spec.repo, revision: runtime.revisionOf(spec) } };
}
