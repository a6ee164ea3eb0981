import type { Passage } from '../../retrieval/knowledge-base.js';
import type { ModelSpec } from '../../runtime/models.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { SkillContext } from '../skill.js';
import type { PastAnswer } from './answers.js';

export interface Citation {
  n: number;
  documentId: string;
  title: string;
  url?: string | undefined;
  text: string;
  score: number;
}

export interface Answered {
  answer: string;
  /** False when the passages held no answer: the reply then says so instead of guessing. */
  found: boolean;
  citations: Citation[];
  model?: { repo: string; revision: string } | undefined;
}

const INSTRUCTIONS =
  'Answer the question using only the numbered passages. Cite the passages you use like [1]. ' +
  'If they do not contain the answer, say that you do not know.';

const citationOf = (p: Passage, n: number): Citation => ({
  n,
  documentId: p.documentId,
  title: p.title,
  url: p.url,
  text: p.text,
  score: p.score,
});

/**
 * The generator prompted with numbered passages (and the thread's earlier questions and answers, so follow-ups
 * make sense), streaming every piece to `ctx.progress`; the [n] it cites become the citations.
 */
export async function generateAnswer(
  runtime: Runtime,
  spec: ModelSpec,
  question: string,
  passages: Passage[],
  earlier: readonly PastAnswer[],
  ctx: SkillContext,
): Promise<Answered> {
  const numbered = passages.map((p, i) => `[${i + 1}] (${p.title}) ${p.text}`).join('\n\n');
  const thread = await recentThread(ctx);
  const conversation = earlier.flatMap((turn) => [
    { role: 'user' as const, content: turn.question },
    { role: 'assistant' as const, content: turn.answer },
  ]);
  let streamed = '';
  const output = await runtime.run(
    { ...spec, task: 'text-generation' },
    {
      messages: [
        { role: 'system' as const, content: INSTRUCTIONS },
        ...conversation,
        { role: 'user' as const, content: `${thread}Passages:\n${numbered}\n\nQuestion: ${question}` },
      ],
      maxNewTokens: 256,
      stream: true,
    },
    {
      signal: ctx.signal,
      onToken: (piece) => {
        streamed += piece;
        // Callers coalesce these (chat edits are rate limited); an event stream sends each one.
        void ctx.progress({ text: `${streamed}…` }).catch(() => {});
      },
    },
  );
  const cited = [...output.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).filter((n) => passages[n - 1]);
  // An answer that cites nothing still shows what it was given, so every claim can be checked.
  const used = cited.length ? [...new Set(cited)] : passages.map((_, i) => i + 1);
  return {
    answer: output.text.trim(),
    found: true,
    citations: used.map((n) => citationOf(passages[n - 1] as Passage, n)),
    model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
  };
}

/** Messages to show the generator from the thread the question was asked in (people's, not only the bot's). */
const THREAD_MESSAGES = 8;

/**
 * The thread's latest messages, so a question like "is that still true?" is read in its conversation. Where the
 * platform cannot be read (the API, a missing permission) the answer simply goes without.
 */
async function recentThread(ctx: SkillContext): Promise<string> {
  if (!ctx.threadId || !ctx.actions.history) return '';
  const messages = await ctx.actions
    .history({ channelId: ctx.channelId, threadId: ctx.threadId }, THREAD_MESSAGES)
    .catch(() => []);
  const lines = messages.map((m) => `${m.authorName ?? m.authorId}: ${m.text.slice(0, 500)}`);
  return lines.length ? `Recent messages in this thread:\n${lines.join('\n')}\n\n` : '';
}

/** The extractive QA model over each passage; the best-scoring span wins, cited to its passage. */
export async function extractAnswer(
  runtime: Runtime,
  spec: ModelSpec,
  question: string,
  passages: Passage[],
  ctx: SkillContext,
): Promise<Answered> {
  const model = { ...spec, task: 'question-answering' as const };
  const answers = await Promise.all(
    passages.map(async (p, i) => {
      const [best] = await runtime.run(model, { question, context: p.text, topK: 1 }, { signal: ctx.signal });
      return { best, passage: p, n: i + 1 };
    }),
  );
  const top = answers
    .filter((a) => a.best && a.best.answer.trim() !== '')
    .sort((a, b) => (b.best?.score ?? 0) - (a.best?.score ?? 0))[0];
  if (!top?.best) return { answer: "The passages I found don't contain a clear answer.", found: false, citations: [] };
  return {
    answer: `${top.best.answer} [${top.n}]`,
    found: true,
    citations: [citationOf(top.passage, top.n)],
    model: { repo: spec.repo, revision: runtime.revisionOf(spec) },
  };
}
